namespace Saga.Contracts;

/// <summary>
/// The orchestrator's reminder to itself that the compensation it sent last has not been confirmed in time, scheduled with
/// each compensation it sends. Only the order saga consumes it.
/// </summary>
public sealed record CompensationStepTimedOut(Guid OrderId, DateTime? DueAt);
