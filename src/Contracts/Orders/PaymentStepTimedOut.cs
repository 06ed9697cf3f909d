namespace Saga.Contracts;

/// <summary>
/// The orchestrator's reminder to itself that the payment step's deadline has passed, scheduled when it sends the step's
/// command. Only the order saga consumes it.
/// </summary>
public sealed record PaymentStepTimedOut(Guid OrderId, DateTime? DueAt);
