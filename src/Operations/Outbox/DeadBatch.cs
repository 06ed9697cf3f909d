namespace Saga.Operations.Outbox;

/// <summary>A dead outbox batch (<c>outbox_batches.dead_at</c> set) with the messages it has not delivered, in order.</summary>
public sealed record DeadBatch(
    Guid OutboxId,
    DateTime CreatedAt,
    DateTime DeadAt,
    int DeliveryAttempts,
    string? LastError,
    IReadOnlyList<UndeliveredMessage> Messages)
{
    public int UndeliveredMessages => Messages.Count;
}
