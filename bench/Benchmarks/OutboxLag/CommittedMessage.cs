namespace Saga.Benchmarks.OutboxLag;

/// <summary>A measured message: its id, and when the transaction that stored it committed (UTC, <see cref="TimeProvider.System"/>).</summary>
public readonly record struct CommittedMessage(Guid MessageId, DateTime CommittedAt);
