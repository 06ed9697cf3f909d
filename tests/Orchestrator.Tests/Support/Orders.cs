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

    public const decimal ValidTotal = 124.80m;
}
