namespace Saga.Benchmarks.OutboxLag;

/// <summary>An outbox row after delivery: when it was written (inside its transaction) and when the broker confirmed it.</summary>
public readonly record struct DeliveredMessage(Guid MessageId, DateTime SentTime, DateTime DeliveredAt);
