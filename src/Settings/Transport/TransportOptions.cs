namespace Saga.Settings.Transport;

/// <summary>The message transport, bound from <c>Saga:Transport</c>.</summary>
public sealed class TransportOptions
{
    public const string Section = "Saga:Transport";

    public TransportKind Kind { get; set; } = TransportKind.InMemory;

    public RabbitMqOptions RabbitMq { get; set; } = new();
}
