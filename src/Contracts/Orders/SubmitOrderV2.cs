namespace Saga.Contracts;

/// <summary>
/// Starts an order saga, with the customer as a structured block instead of <see cref="SubmitOrder"/>'s bare id: a
/// breaking change, so a type of its own (see docs/versioning.md). The orchestrator accepts both side by side, and an
/// order id submitted by one is a duplicate for the other.
/// </summary>
public sealed record SubmitOrderV2(
    Guid OrderId,
    OrderCustomer Customer,
    IReadOnlyList<OrderItem> Items,
    string Currency,
    ShippingAddress ShippingAddress,
    string? CustomerReference = null);
