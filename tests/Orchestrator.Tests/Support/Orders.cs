using Saga.Contracts;

namespace Saga.Orchestrator.Tests.Support;

/// <summary>Valid orders to start from; tests change one thing at a time with <c>with</c>.</summary>
public static class Orders
{
    public static SubmitOrder Valid(Guid? orderId = null) => new(
        orderId ?? Guid.NewGuid(),
        "CUST-1001",
        [new OrderItem("SKU-KB-001", 2, 49.90m), new OrderItem("SKU-MS-002", 1, 25.00m)],
        "EUR",
        new ShippingAddress("Hauptstrasse 1", "Berlin", "10115", "DE"));

    /// <summary>The same order as <see cref="Valid"/>, in version 2 of the contract: the customer with a name and contact details.</summary>
    public static SubmitOrderV2 ValidV2(Guid? orderId = null)
    {
        var v1 = Valid(orderId);
        return new SubmitOrderV2(v1.OrderId, ValidCustomer, v1.Items, v1.Currency, v1.ShippingAddress);
    }

    public static readonly OrderCustomer ValidCustomer =
        new("CUST-1001", new PersonName("Ada", "Lovelace"), new ContactDetails("ada@example.com", "+44 20 7946 0958"));

    public const decimal ValidTotal = 124.80m;
}
