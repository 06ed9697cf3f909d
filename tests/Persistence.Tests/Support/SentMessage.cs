namespace Saga.Persistence.Tests.Support;

/// <summary>A message the broker accepted from the outbox delivery: its id, where it went, and its message type.</summary>
public sealed record SentMessage(Guid MessageId, Uri DestinationAddress, string? MessageType);
