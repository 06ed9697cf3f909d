namespace Saga.Persistence.Outbox;

/// <summary>
/// The messages one unit of work produced — one consumed message, or one commit of a bus outbox scope — while they wait
/// for delivery. The row exists only until its messages are delivered, so the delivery query scans a small table;
/// delivery instances lock these rows, skipping the ones another instance holds.
/// </summary>
public sealed class OutboxBatch
{
    public Guid OutboxId { get; set; }

    /// <summary>The consumed message that produced the batch; null for the bus outbox.</summary>
    public Guid? InboxMessageId { get; set; }

    public Guid? InboxConsumerId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The batch is not tried before this time; pushed back after a failed delivery.</summary>
    public DateTime AvailableAt { get; set; }

    public int DeliveryAttempts { get; set; }

    /// <summary>Why the last delivery attempt failed, for an operator.</summary>
    public string? LastError { get; set; }
}
