using MassTransit;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;

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
