namespace Saga.Contracts;

public sealed record OrderCompleted(Guid OrderId, Guid PaymentId, Guid ReservationId, Guid ShipmentId);
