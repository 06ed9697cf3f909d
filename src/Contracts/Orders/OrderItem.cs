namespace Saga.Contracts;

public sealed record OrderItem(string Sku, int Quantity, decimal UnitPrice);
