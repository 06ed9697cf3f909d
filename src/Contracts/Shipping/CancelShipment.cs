namespace Saga.Contracts;

/// <summary>
/// Undoes the order's shipment. <see cref="ShipmentId"/> is null when the orchestrator never learnt the step's outcome: the
/// participant then cancels whatever was scheduled for the order and, if nothing was, marks the order so that a
/// <see cref="ScheduleShipment"/> arriving later is refused.
/// </summary>
public sealed record CancelShipment(Guid OrderId, Guid? ShipmentId);
