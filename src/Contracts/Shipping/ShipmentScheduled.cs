namespace Saga.Contracts;

public sealed record ShipmentScheduled(Guid OrderId, Guid ShipmentId);
