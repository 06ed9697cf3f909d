using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Retry;

namespace Saga.Persistence.Scheduling;

/// <summary>The scheduler's queue: schedule and cancel commands go through the inbox and are retried on transient faults.</summary>
public sealed class ScheduleMessageConsumerDefinition<TDbContext> : ConsumerDefinition<ScheduleMessageConsumer<TDbContext>>
    where TDbContext : DbContext
{
    public ScheduleMessageConsumerDefinition(DurableSchedulerOptions<TDbContext> options)
    {
        EndpointName = options.QueueName;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ScheduleMessageConsumer<TDbContext>> consumerConfigurator, IRegistrationContext context)
    {
        consumerConfigurator.UseTransientFaultRetry();
        consumerConfigurator.UseTransactionalOutbox<TDbContext, ScheduleMessageConsumer<TDbContext>>(endpointConfigurator, context);
    }
}
