using System.Data.Common;
using MassTransit;
using Microsoft.EntityFrameworkCore;

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
    /// <summary>Delays between attempts: two immediate retries for plain races, then a short back-off for busier contention.</summary>
    private static readonly TimeSpan[] _retryIntervals =
    [
        TimeSpan.Zero,
        TimeSpan.Zero,
        TimeSpan.FromMilliseconds(50),
        TimeSpan.FromMilliseconds(200),
        TimeSpan.FromSeconds(1),
    ];

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
        consumerConfigurator.UseMessageRetry(retry =>
        {
            retry.Intervals(_retryIntervals);

            // A lost optimistic-concurrency race or a duplicate insert of the same order: the next attempt reads
            // the winner's data and answers from it.
            retry.Handle<DbUpdateConcurrencyException>();
            retry.Handle<DbUpdateException>();

            // Transient provider errors (a busy SQLite file, a dropped connection) surface as DbException on reads.
            retry.Handle<DbException>();
        });

        // Replies leave only after the consumer, and so its SaveChanges, completed.
        consumerConfigurator.UseInMemoryOutbox(context);
    }
}
