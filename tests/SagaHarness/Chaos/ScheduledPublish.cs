namespace Saga.SagaHarness.Chaos;

/// <summary>
/// One message of a run's submission, <paramref name="At"/> after it began: a copy of order <paramref name="OrderId"/>,
/// or a malformed message (no order id).
/// </summary>
public sealed record ScheduledPublish(TimeSpan At, byte[] Body, Guid MessageId, string What, Guid? OrderId = null);
