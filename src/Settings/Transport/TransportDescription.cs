namespace Saga.Settings.Transport;

/// <summary>Says where the bus connects, for the logs: never the password.</summary>
public static class TransportDescription
{
    public static string Of(TransportOptions options) => options.Kind switch
    {
        TransportKind.RabbitMq =>
            $"RabbitMQ at {Where(options.RabbitMq)}, virtual host '{options.RabbitMq.VirtualHost}', " +
            $"user '{options.RabbitMq.Username}', TLS {(options.RabbitMq.UseTls ? "on" : "off")}, {Queues(options.RabbitMq)}, " +
            $"prefetch {options.RabbitMq.PrefetchCount}",
        _ => "the in-memory transport (this process only)",
    };

    static string Where(RabbitMqOptions rabbit) =>
        rabbit.ClusterNodes.Count == 0
            ? $"{rabbit.Host}:{rabbit.Port}"
            : $"the cluster nodes {string.Join(", ", rabbit.ClusterNodes.Select(entry =>
                BrokerNode.TryParse(entry, rabbit.Port, out var node, out _) ? node.ToString() : $"'{entry}'"))} (in this order; failing over to the next)";

    static string Queues(RabbitMqOptions rabbit) =>
        rabbit.QuorumQueues
            ? $"quorum queues (delivery limit {rabbit.DeliveryLimit}, dead-lettering to '{rabbit.DeadLetterExchange}')"
            : "classic queues";
}
