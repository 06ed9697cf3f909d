namespace Saga.Contracts;

public sealed record InventoryReserved(Guid OrderId, Guid ReservationId);
