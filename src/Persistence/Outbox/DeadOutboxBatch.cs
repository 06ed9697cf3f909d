namespace Saga.Persistence.Outbox;

/// <summary>A dead outbox batch, with the messages it still has to deliver, in order.</summary>
public sealed record DeadOutboxBatch(OutboxBatch Batch, IReadOnlyList<OutboxMessage> Messages);
