namespace Saga.Contracts;

public sealed record InventoryReleased(Guid OrderId, Guid ReservationId);
