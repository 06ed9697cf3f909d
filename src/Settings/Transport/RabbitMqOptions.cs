namespace Saga.Settings.Transport;

/// <summary>Where and how to reach RabbitMQ. The password comes from the environment or a secret store, never from a committed file.</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public bool UseTls { get; set; }

    /// <summary>The name on the broker's certificate; defaults to <see cref="Host"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Declare queues as quorum queues (replicated; the choice for a production cluster).</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>
    /// Names the bus's temporary queue and exchange <c>{prefix}_{machine}_{process}_bus_{id}</c> instead of MassTransit's
    /// <c>{machine}_{process}_bus_{id}</c>, so that broker permissions can give each user its own (the deploy definitions
    /// expect the user's name). Empty: MassTransit's name.
    /// </summary>
    public string BusQueuePrefix { get; set; } = "";

    /// <summary>
    /// Consume a message that came through a message exchange (<c>Saga.Contracts:X</c>) only if its envelope names that
    /// type, so that the broker's write permissions per exchange also bound which message types a user can deliver
    /// (see <see cref="MessageTypeExchangeFilter"/>). Off: MassTransit's behaviour.
    /// </summary>
    public bool CheckMessageTypeExchange { get; set; }

    /// <summary>Messages the broker hands a consumer before they are acknowledged.</summary>
    public int PrefetchCount { get; set; } = 32;

    /// <summary>
    /// Messages each receive endpoint processes at the same time. Eight, from the benchmark's sweep (docs/performance.md):
    /// on two vCPUs 8, 16 and 32 reach the same throughput, and each step up adds a database connection per message in flight.
    /// </summary>
    public int ConcurrentMessageLimit { get; set; } = 8;
}
