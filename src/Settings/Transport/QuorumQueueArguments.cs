using MassTransit;

namespace Saga.Settings.Transport;

/// <summary>
/// The arguments of the services' quorum queues, in one place: what the receive endpoints declare, what the orchestrator
/// provisions for the queues it sends to, and what deploy/rabbitmq/definitions.json's policy <c>saga-quorum</c> says
/// (a test keeps the two equal). RabbitMQ refuses to declare an existing queue with other arguments, so whoever declares
/// a queue first, the others must declare the same.
/// </summary>
public static class QuorumQueueArguments
{
    public const string QueueType = "x-queue-type";
    public const string DeliveryLimit = "x-delivery-limit";
    public const string DeadLetterExchange = "x-dead-letter-exchange";
    public const string DeadLetterStrategy = "x-dead-letter-strategy";
    public const string Overflow = "x-overflow";

    /// <summary>A service queue: quorum, with the delivery limit and at-least-once dead-lettering (which needs reject-publish).</summary>
    public static IReadOnlyDictionary<string, object> ForServiceQueue(RabbitMqOptions options) => new Dictionary<string, object>
    {
        [QueueType] = "quorum",
        [DeliveryLimit] = options.DeliveryLimit,
        [DeadLetterExchange] = options.DeadLetterExchange,
        [DeadLetterStrategy] = "at-least-once",
        [Overflow] = "reject-publish",
    };

    /// <summary>The dead-letter queue: quorum, and nothing else (as in deploy/rabbitmq/definitions.json).</summary>
    public static IReadOnlyDictionary<string, object> ForDeadLetterQueue() => new Dictionary<string, object> { [QueueType] = "quorum" };

    /// <summary>Makes a receive endpoint's queue a service queue (<see cref="ForServiceQueue"/>).</summary>
    public static void ApplyTo(IRabbitMqQueueConfigurator queue, RabbitMqOptions options)
    {
        queue.SetQuorumQueue();
        foreach (var (key, value) in ForServiceQueue(options))
            queue.SetQueueArgument(key, value);
    }

    /// <summary>
    /// Takes the delivery limit and dead-lettering off an <c>_error</c> or <c>_skipped</c> queue, which MassTransit declares
    /// with a copy of its queue's arguments: the CLI lists an error queue by handing every message back, which a delivery
    /// limit would count, and a message parked there must stay there. It stays a quorum queue.
    /// </summary>
    public static void RemoveDeadLetteringFrom(IRabbitMqQueueConfigurator queue)
    {
        foreach (var key in new[] { DeliveryLimit, DeadLetterExchange, DeadLetterStrategy, Overflow })
            queue.SetQueueArgument(key, null);
    }
}
