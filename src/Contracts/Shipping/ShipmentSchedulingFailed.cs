namespace Saga.Contracts;

public sealed record ShipmentSchedulingFailed(Guid OrderId, string Reason);
