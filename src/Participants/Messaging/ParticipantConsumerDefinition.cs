using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Persistence;
using Saga.Persistence.Retry;

namespace Saga.Participants.Messaging;

/// <summary>
/// Puts a participant's consumer on that participant's queue, with retry around the participant's transactional inbox
/// and outbox: each message takes effect once, and its replies are stored with that effect and sent after the commit.
/// With <c>Participants:{Name}:Outbox:Enabled</c> off (the benchmark baseline) MassTransit's in-memory outbox takes their place.
/// </summary>
/// <remarks>
/// Retry and outbox are attached to the consumer rather than to the shared endpoint: that way each definition covers exactly
/// its own consumer's messages, whichever consumers share the queue. Either way they sit before the consumer factory,
/// so every attempt resolves a new DI scope and with it a fresh DbContext.
/// </remarks>
public abstract class ParticipantConsumerDefinition<TConsumer, TDbContext> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
    where TDbContext : DbContext
{
    protected ParticipantConsumerDefinition(string queueName)
    {
        EndpointName = queueName;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Retry goes first so that it wraps the outbox: a failed attempt rolls back with everything it stored.
        consumerConfigurator.UseTransientFaultRetry();
        consumerConfigurator.UseConfiguredOutbox<TDbContext, TConsumer>(endpointConfigurator, context);
    }
}
