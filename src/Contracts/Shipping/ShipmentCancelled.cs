namespace Saga.Contracts;

public sealed record ShipmentCancelled(Guid OrderId, Guid ShipmentId);
