using MassTransit;
using Saga.Persistence.Retry;

namespace Saga.Participants.Messaging;

/// <summary>
/// Puts a participant's consumer on that participant's queue, with retry and an in-memory outbox around it.
/// </summary>
/// <remarks>
/// Retry and outbox are attached to the consumer rather than to the shared endpoint: that way each definition covers exactly
/// its own consumer's messages, whichever consumers share the queue. Either way they sit before the consumer factory,
/// so every attempt resolves a new DI scope and with it a fresh DbContext.
/// </remarks>
public abstract class ParticipantConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
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
        // Retry goes first so that it wraps the outbox: a failed attempt's replies are discarded with it.
        consumerConfigurator.UseTransientFaultRetry();

        // Replies leave only after the consumer, and so its SaveChanges, completed.
        consumerConfigurator.UseInMemoryOutbox(context);
    }
}
