namespace Saga.Persistence.Scheduling;

/// <summary>
/// A message to send later, stored by the scheduler from MassTransit's <c>ScheduleMessage</c> command. The token id is
/// the schedule's identity: scheduling the same token again replaces the row, <c>CancelScheduledMessage</c> deletes it.
/// When due, the row moves into the outbox in one transaction, so it is sent once even if the service stops right then.
/// </summary>
public sealed class ScheduledMessage
{
    public Guid TokenId { get; set; }

    /// <summary>When the message is to be sent (UTC), as computed by whoever scheduled it.</summary>
    public DateTime DueAt { get; set; }

    public required Uri DestinationAddress { get; set; }

    /// <summary>The id the message is sent with: the schedule command's id, so a repeated schedule is recognised downstream.</summary>
    public Guid MessageId { get; set; }

    public required string ContentType { get; set; }

    public required string MessageType { get; set; }

    public required string Body { get; set; }

    public string? Headers { get; set; }

    public Guid? ConversationId { get; set; }

    public Guid? CorrelationId { get; set; }

    public Guid? InitiatorId { get; set; }

    public Uri? SourceAddress { get; set; }

    /// <summary>When the schedule was stored (UTC).</summary>
    public DateTime ScheduledAt { get; set; }
}
