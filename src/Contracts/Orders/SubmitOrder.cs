namespace Saga.Contracts;

/// <summary>Starts an order saga. Published by any client; <see cref="OrderId"/> becomes the saga's correlation id.</summary>
public sealed record SubmitOrder(
    Guid OrderId,
    string CustomerId,
    IReadOnlyList<OrderItem> Items,
    string Currency,
    ShippingAddress ShippingAddress);
