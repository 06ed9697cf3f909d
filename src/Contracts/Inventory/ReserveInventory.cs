namespace Saga.Contracts;

public sealed record ReserveInventory(Guid OrderId, IReadOnlyList<OrderItem> Items);
