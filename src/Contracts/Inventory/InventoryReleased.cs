namespace Saga.Contracts;

/// <summary>The order's reservation is released, or is known never to happen; <see cref="ReservationId"/> is null when nothing was reserved.</summary>
public sealed record InventoryReleased(Guid OrderId, Guid? ReservationId);
