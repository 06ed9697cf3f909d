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

    /// <summary>Due messages moved to the outbox per transaction.</summary>
    public int DispatchBatchSize { get; set; } = 100;
}
