namespace Saga.Contracts;

public sealed record ScheduleShipment(Guid OrderId, ShippingAddress Address, IReadOnlyList<OrderItem> Items);
