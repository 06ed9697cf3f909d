namespace Saga.Persistence.Inbox;

/// <summary>
/// A message one consumer has taken effect on. Written in the same transaction as the consumer's changes, so a row
/// exists exactly when those changes were committed; a redelivered message finds it and is acknowledged without running
/// the consumer again. Rows are removed once they are older than the duplicate-detection window.
/// </summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    /// <summary>MassTransit's stable id for the consumer (or saga) on its endpoint, derived from the endpoint name.</summary>
    public Guid ConsumerId { get; set; }

    /// <summary>The consumer's type name, for an operator reading the table.</summary>
    public required string ConsumerType { get; set; }

    /// <summary>When the consumer's changes were committed (UTC).</summary>
    public DateTime ConsumedAt { get; set; }
}
