namespace Saga.Benchmarks.OutboxLag;

/// <summary>Outbox batches waiting for delivery while the writers ran: how often counted, the most, the mean.</summary>
public readonly record struct BacklogSummary(int Samples, int Max, double Mean);
