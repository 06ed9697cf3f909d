namespace Saga.Contracts;

/// <summary>
/// The orchestrator's reminder to itself that the fraud check's deadline has passed, scheduled when it sends
/// <see cref="CheckFraud"/>. Only the order saga consumes it.
/// </summary>
public sealed record FraudCheckStepTimedOut(Guid OrderId, DateTime? DueAt);
