namespace Saga.Contracts;

public sealed record CancelShipment(Guid OrderId, Guid ShipmentId);
