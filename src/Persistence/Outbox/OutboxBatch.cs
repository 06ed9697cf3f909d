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

    /// <summary>
    /// The batch is not tried before this time (on the database's clock): the end of the lease of the instance sending
    /// it, or of the back-off after a failed delivery.
    /// </summary>
    public DateTime AvailableAt { get; set; }

    /// <summary>The instance (<see cref="TransactionalOutboxOptions{TDbContext}.InstanceId"/>) holding the lease; null when nobody does.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>
    /// Identifies one lease: an instance records a delivery (or a failure) only while the batch still carries the lease it
    /// took, so a batch that another instance took over after the lease ran out is left to that one.
    /// </summary>
    public Guid? LeaseId { get; set; }

    public int DeliveryAttempts { get; set; }

    /// <summary>Why the last delivery attempt failed, for an operator.</summary>
    public string? LastError { get; set; }

    /// <summary>
    /// When the batch failed its last allowed attempt (<see cref="TransactionalOutboxOptions{TDbContext}.MaxDeliveryAttempts"/>);
    /// a dead batch keeps its messages and waits for an operator to requeue it. Null while it is being delivered.
    /// </summary>
    public DateTime? DeadAt { get; set; }
}
