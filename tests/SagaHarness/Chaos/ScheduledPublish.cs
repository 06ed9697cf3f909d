namespace Saga.SagaHarness.Chaos;

/// <summary>One message of a run's submission, <paramref name="At"/> after it began: a copy of an order, or a malformed message.</summary>
public sealed record ScheduledPublish(TimeSpan At, byte[] Body, Guid MessageId, string What);
