namespace Saga.Settings.Transport;

/// <summary>Where and how to reach RabbitMQ. The password comes from the environment or a secret store, never from a committed file.</summary>
public sealed class RabbitMqOptions
{
    /// <summary>The broker; with <see cref="ClusterNodes"/> only the name the bus gives its addresses and the logs, not where it connects.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The AMQP port, also of every <see cref="ClusterNodes"/> entry that names none.</summary>
    public int Port { get; set; } = 5672;

    /// <summary>
    /// The nodes of a RabbitMQ cluster, each <c>host</c> or <c>host:port</c> (port defaults to <see cref="Port"/>). When
    /// not empty the bus connects to them instead of <see cref="Host"/>: to the first, and on every reconnect to the next
    /// in the list (round robin), so that a dead node is left for the next one. Empty: <see cref="Host"/> only.
    /// </summary>
    public IList<string> ClusterNodes { get; set; } = [];

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public bool UseTls { get; set; }

    /// <summary>The name on the broker's certificate; defaults to <see cref="Host"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>
    /// Declare the service's queues as quorum queues (replicated; the choice for a production cluster), with
    /// <see cref="DeliveryLimit"/> and dead-lettering to <see cref="DeadLetterExchange"/>. Off: classic queues, without
    /// either, as before quorum queues became the default.
    /// </summary>
    public bool QuorumQueues { get; set; } = true;

    /// <summary>
    /// How often a quorum queue hands a message out before it dead-letters it instead (a message that kills its consumer
    /// each time, say). MassTransit's retries and <c>_error</c> queues handle ordinary failures long before.
    /// </summary>
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>Where quorum queues dead-letter to: a fanout exchange, with a quorum queue of the same name bound to it.</summary>
    public string DeadLetterExchange { get; set; } = "saga-dead-letter";

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
