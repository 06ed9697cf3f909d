using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Scheduling;

/// <summary>How the durable scheduler of one context finds due messages.</summary>
public sealed class DurableSchedulerOptions<TDbContext>
    where TDbContext : DbContext
{
    /// <summary>The queue the scheduler consumes MassTransit's schedule and cancel commands from.</summary>
    public string QueueName { get; set; } = "saga-scheduler";

    /// <summary>The longest the dispatcher sleeps: a schedule stored by another instance is seen within this time.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether consumers and sagas behind the transactional outbox on this context schedule by writing the row in their own
    /// transaction (the default) instead of sending MassTransit's schedule command to <see cref="QueueName"/>. The queue
    /// keeps serving other clients either way.
    /// </summary>
    public bool ScheduleInTransaction { get; set; } = true;

    /// <summary>
    /// How long after start-up the scheduler sends nothing. Deadlines that fell due while the service was down (or fall due
    /// just after it started) wait for this grace, so that the replies queued meanwhile are consumed first and a step that
    /// did answer is not timed out because of the restart. Zero sends them at once.
    /// </summary>
    public TimeSpan StartupGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Due messages moved to the outbox per transaction.</summary>
    public int DispatchBatchSize { get; set; } = 100;
}
