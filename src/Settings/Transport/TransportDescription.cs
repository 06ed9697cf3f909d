namespace Saga.Settings.Transport;

/// <summary>Says where the bus connects, for the logs: never the password.</summary>
public static class TransportDescription
{
    public static string Of(TransportOptions options) => options.Kind switch
    {
        TransportKind.RabbitMq =>
            $"RabbitMQ at {options.RabbitMq.Host}:{options.RabbitMq.Port}, virtual host '{options.RabbitMq.VirtualHost}', " +
            $"user '{options.RabbitMq.Username}', TLS {(options.RabbitMq.UseTls ? "on" : "off")}, " +
            $"{(options.RabbitMq.QuorumQueues ? "quorum" : "classic")} queues, prefetch {options.RabbitMq.PrefetchCount}",
        _ => "the in-memory transport (this process only)",
    };
}
