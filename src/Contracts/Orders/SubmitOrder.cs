namespace Saga.Contracts;

/// <summary>
/// Starts an order saga. Published by any client; <see cref="OrderId"/> becomes the saga's correlation id. For a customer
/// with a name and contact details, see <see cref="SubmitOrderV2"/>; both start the same saga.
/// </summary>
/// <param name="CustomerReference">
/// The client's own reference for the order (e.g. a purchase order number), kept with the saga; optional, added after
/// the first release, so a client that does not know it still sends a valid order. At most
/// <see cref="OrderLimits.MaxCustomerReferenceLength"/> characters, no control characters.
/// </param>
public sealed record SubmitOrder(
    Guid OrderId,
    string CustomerId,
    IReadOnlyList<OrderItem> Items,
    string Currency,
    ShippingAddress ShippingAddress,
    string? CustomerReference = null);
