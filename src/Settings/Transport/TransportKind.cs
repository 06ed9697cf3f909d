namespace Saga.Settings.Transport;

public enum TransportKind
{
    /// <summary>MassTransit's in-memory transport: everything in one process (the embedded default).</summary>
    InMemory,

    RabbitMq,
}
