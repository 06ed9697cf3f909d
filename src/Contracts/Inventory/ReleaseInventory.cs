namespace Saga.Contracts;

/// <summary>
/// Undoes the order's reservation. <see cref="ReservationId"/> is null when the orchestrator never learnt the step's outcome:
/// the participant then releases whatever was reserved for the order and, if nothing was, marks the order so that a
/// <see cref="ReserveInventory"/> arriving later is refused.
/// </summary>
public sealed record ReleaseInventory(Guid OrderId, Guid? ReservationId);
