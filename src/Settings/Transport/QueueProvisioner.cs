using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Saga.Settings.Transport;

/// <summary>
/// Declares, before the bus connects, what the service's quorum queues need that MassTransit does not declare: the
/// dead-letter exchange with its queue, and the queues of other services it sends to (<see cref="ProvisionedQueues"/>).
/// MassTransit 8.5 cannot put queue arguments on a send address, and declaring a queue it sends to would make it a classic
/// queue, so the orchestrator sends to the exchange in front of a participant's queue; this declares that exchange, the
/// queue (with the same arguments its consumer declares it with) and the binding, exactly as MassTransit declares them on
/// the receiving side, so that either side may start first. Every declaration is idempotent; it runs before each of the
/// bus's connections, so a queue deleted meanwhile comes back with the next reconnect.
/// </summary>
public sealed partial class QueueProvisioner(RabbitMqOptions options, IReadOnlyList<string> queues, ILogger<QueueProvisioner> logger)
{
    static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Nothing to declare with classic queues: those have no dead-lettering, and MassTransit declares a classic queue it sends to itself.</summary>
    public bool HasWork => options.QuorumQueues;

    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        if (!HasWork)
            return;

        await using var connection = await BrokerConnectionFactory.ConnectAsync(options, "saga-provisioning", ConnectionTimeout, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);

        await channel.ExchangeDeclareAsync(options.DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(options.DeadLetterExchange, durable: true, exclusive: false, autoDelete: false,
            arguments: Arguments(QuorumQueueArguments.ForDeadLetterQueue()), cancellationToken: cancellationToken);
        await channel.QueueBindAsync(options.DeadLetterExchange, options.DeadLetterExchange, routingKey: "", cancellationToken: cancellationToken);

        foreach (var queue in queues)
        {
            // As MassTransit declares a receive endpoint: a durable fanout exchange of the queue's name, bound to the queue.
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: Arguments(QuorumQueueArguments.ForServiceQueue(options)), cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, queue, routingKey: "", cancellationToken: cancellationToken);
        }

        LogProvisioned(logger, options.DeadLetterExchange, string.Join(", ", queues), connection.Endpoint.ToString());
    }

    static Dictionary<string, object?> Arguments(IReadOnlyDictionary<string, object> arguments) =>
        arguments.ToDictionary(pair => pair.Key, pair => (object?)pair.Value, StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Declared the dead-letter exchange and queue {DeadLetterExchange} and the quorum queues [{Queues}] through {Node}")]
    static partial void LogProvisioned(ILogger logger, string deadLetterExchange, string queues, string node);
}
