namespace Saga.Contracts;

public sealed record InventoryReservationFailed(Guid OrderId, string Reason);
