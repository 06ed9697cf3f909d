using MassTransit;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// The event each unit of work publishes. Its exchange has a fixed name so that the benchmark can bind a queue to it
/// before the first publish: a routed persistent message is confirmed only once the queue has it, as in production.
/// </summary>
[EntityName(ExchangeName)]
public sealed record RecordWritten(Guid RecordId, int Index)
{
    public const string ExchangeName = "saga-benchmarks.record-written";
}
