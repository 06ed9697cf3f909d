namespace Saga.Contracts;

public sealed record ReleaseInventory(Guid OrderId, Guid ReservationId);
