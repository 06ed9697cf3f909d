namespace Saga.Operations.Outbox;

/// <summary>A message of a dead batch that the broker has not confirmed: what it is and where it goes (none for a publish).</summary>
public sealed record UndeliveredMessage(long SequenceNumber, Guid MessageId, string MessageType, string? Destination);
