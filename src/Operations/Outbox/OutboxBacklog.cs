namespace Saga.Operations.Outbox;

/// <summary>
/// A service's outbox now: the batches not yet delivered (a batch is deleted once delivered), how many of them are dead
/// (waiting for an operator to requeue them), and when the oldest was written; null when nothing waits.
/// </summary>
public sealed record OutboxBacklog(long Undelivered, long Dead, DateTime? OldestCreatedAt);
