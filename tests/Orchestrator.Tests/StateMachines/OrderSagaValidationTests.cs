using MassTransit;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.StateMachines;

public sealed class OrderSagaValidationTests
{
    [Test]
    public async Task An_invalid_order_is_rejected_with_every_reason_and_calls_no_participant()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.Valid() with
        {
            CustomerId = " ",
            Currency = "EURO",
            Items = [new OrderItem("SKU-KB-001", 0, -1m)],
        };

        await host.Publish(order);

        var saga = await host.WaitForState(order.OrderId, m => m.Rejected);
        var rejected = await host.Published<OrderRejected>(order.OrderId, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Reasons, Is.EqualTo(new[]
            {
                "CustomerId is required",
                "item 1 (SKU-KB-001): quantity 0 is outside 1..10000",
                "item 1 (SKU-KB-001): unit price -1 is negative",
                "Currency 'EURO' is not an ISO 4217 code",
            }));
            Assert.That(saga.FailureReason, Is.EqualTo(string.Join("; ", rejected.Reasons)));
            Assert.That(host.AnySent<ProcessPayment>(), Is.False);
        });
    }

    [Test]
    public async Task An_order_of_oversized_client_text_is_rejected_and_every_stored_field_fits_its_column()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var huge = new string('x', 100_000);
        var order = Orders.Valid() with
        {
            CustomerId = huge,
            Currency = huge,
            Items = Enumerable.Range(0, OrderLimits.MaxItems).Select(i => new OrderItem(huge + i, 0, -1m)).ToList(),
            ShippingAddress = new ShippingAddress(huge, huge, huge, huge),
        };

        await host.Publish(order);

        var saga = await host.WaitForState(order.OrderId, m => m.Rejected);
        Assert.Multiple(() =>
        {
            Assert.That(saga.FailureReason!.Length, Is.LessThanOrEqualTo(OrderState.MaxReasonLength));
            Assert.That(saga.FailureReason, Does.StartWith("CustomerId is longer than 64 characters; item 1 ('xxx"));
            Assert.That(saga.CustomerId!.Length, Is.EqualTo(OrderLimits.MaxCustomerIdLength));
            Assert.That(saga.Currency!.Length, Is.EqualTo(3));
            Assert.That(saga.ShipToLine1!.Length, Is.EqualTo(OrderLimits.MaxAddressLine1Length));
            Assert.That(saga.ShipToCity!.Length, Is.EqualTo(OrderLimits.MaxCityLength));
            Assert.That(saga.ShipToPostalCode!.Length, Is.EqualTo(OrderLimits.MaxPostalCodeLength));
            Assert.That(saga.ShipToCountry!.Length, Is.EqualTo(2));
            Assert.That(host.AnySent<ProcessPayment>(), Is.False);
        });
    }

    [Test]
    public async Task An_order_without_an_id_is_rejected_under_the_id_of_its_message()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var messageId = Guid.NewGuid();

        await host.Harness.Bus.Publish(Orders.Valid(Guid.Empty), context => context.MessageId = messageId);

        var saga = await host.WaitForState(messageId, m => m.Rejected);
        Assert.Multiple(() =>
        {
            Assert.That(saga.OrderId, Is.EqualTo(Guid.Empty));
            Assert.That(saga.FailureReason, Is.EqualTo("OrderId is required"));
            Assert.That(host.AnySent<ProcessPayment>(), Is.False);
        });
    }
}
