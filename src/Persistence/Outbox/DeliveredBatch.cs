namespace Saga.Persistence.Outbox;

/// <summary>
/// A batch whose messages the broker confirmed, waiting to be recorded: the lease it was sent under (the record leaves a
/// batch alone that no longer carries it) and when its last message went out.
/// </summary>
public readonly record struct DeliveredBatch(Guid OutboxId, Guid LeaseId, DateTime DeliveredAt);
