using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Outbox;

namespace Saga.Persistence.Scheduling;

/// <summary>
/// Plugs the durable scheduler into <typeparamref name="TDbContext"/>'s outbox: with
/// <see cref="DurableSchedulerOptions{TDbContext}.ScheduleInTransaction"/>, what a consumer schedules goes into its own
/// transaction (<see cref="TransactionalScheduleMessageProvider"/>) instead of through the bus's scheduler.
/// </summary>
public sealed class TransactionalSchedulingHook<TDbContext>(DurableSchedulerOptions<TDbContext> options, SchedulerSignal<TDbContext> signal,
    TimeProvider timeProvider) : IOutboxConsumeHook<TDbContext>
    where TDbContext : DbContext
{
    public IOutboxConsumeAttempt? Begin(TDbContext dbContext, ConsumeContext consumeContext, ConsumeContext outboxContext)
    {
        if (!options.ScheduleInTransaction)
            return null;

        var scheduler = new TransactionalScheduleMessageProvider(dbContext, consumeContext, timeProvider, signal, options.PollInterval);
        MessageSchedulerFactory factory = context => new MessageScheduler(scheduler, context.GetPayload<IBusTopology>());
        consumeContext.AddOrUpdatePayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(outboxContext, factory),
            _ => new ConsumeMessageSchedulerContext(outboxContext, factory));
        return scheduler;
    }
}
