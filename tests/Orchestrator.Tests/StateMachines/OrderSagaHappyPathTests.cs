using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;

namespace Saga.Orchestrator.Tests.StateMachines;

public sealed class OrderSagaHappyPathTests
{
    [Test]
    public async Task Completes_after_payment_fraud_check_inventory_and_shipping_in_that_order()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.Valid();
        var id = order.OrderId;

        await host.Publish(order);

        var payment = await host.Sent<ProcessPayment>(id, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(payment.Amount, Is.EqualTo(Orders.ValidTotal));
            Assert.That(payment.Currency, Is.EqualTo("EUR"));
            Assert.That(payment.CustomerId, Is.EqualTo("CUST-1001"));
        });
        await host.WaitForState(id, m => m.AwaitingPayment);
        Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero, "inventory must wait for payment");

        var paymentId = Guid.NewGuid();
        await host.Publish(new PaymentProcessed(id, paymentId, Orders.ValidTotal, "EUR"));
        var check = await host.Sent<CheckFraud>(id, m => m.OrderId);
        Assert.That(check, Is.EqualTo(new CheckFraud(id, "CUST-1001", Orders.ValidTotal, "EUR")));
        await host.WaitForState(id, m => m.AwaitingFraudCheck);
        Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero, "inventory must wait for the fraud check");

        var checkId = Guid.NewGuid();
        await host.Publish(new FraudCheckPassed(id, checkId));
        var reserve = await host.Sent<ReserveInventory>(id, m => m.OrderId);
        Assert.That(reserve.Items, Is.EqualTo(order.Items));
        await host.WaitForState(id, m => m.AwaitingInventory);
        Assert.That(host.CountSent<ScheduleShipment>(id, m => m.OrderId), Is.Zero, "shipping must wait for inventory");

        var reservationId = Guid.NewGuid();
        await host.Publish(new InventoryReserved(id, reservationId));
        var schedule = await host.Sent<ScheduleShipment>(id, m => m.OrderId);
        Assert.That(schedule.Address, Is.EqualTo(order.ShippingAddress));
        await host.WaitForState(id, m => m.AwaitingShipment);

        var shipmentId = Guid.NewGuid();
        await host.Publish(new ShipmentScheduled(id, shipmentId));
        var saga = await host.WaitForState(id, m => m.Completed);
        var completed = await host.Published<OrderCompleted>(id, m => m.OrderId);

        Assert.Multiple(() =>
        {
            Assert.That(completed, Is.EqualTo(new OrderCompleted(id, paymentId, reservationId, shipmentId)));
            Assert.That(saga.PaymentId, Is.EqualTo(paymentId));
            Assert.That(saga.FraudCheckId, Is.EqualTo(checkId));
            Assert.That(saga.DefinitionVersion, Is.EqualTo(2));
            Assert.That(saga.ReservationId, Is.EqualTo(reservationId));
            Assert.That(saga.ShipmentId, Is.EqualTo(shipmentId));
            Assert.That(saga.Amount, Is.EqualTo(Orders.ValidTotal));
            Assert.That(saga.CustomerId, Is.EqualTo("CUST-1001"));
            Assert.That(saga.ShipToCountry, Is.EqualTo("DE"));
            Assert.That(saga.CompletedAt, Is.Not.Null);
            Assert.That(saga.UpdatedAt, Is.GreaterThanOrEqualTo(saga.CreatedAt));
            Assert.That(saga.FailureReason, Is.Null);
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task Every_transition_is_in_the_history_in_order()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();

        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());
        await host.ReserveAndAwaitShipment(id, Guid.NewGuid());
        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));
        await host.WaitForState(id, m => m.Completed);

        var history = await host.Query(db => db.Transitions.Where(t => t.CorrelationId == id).OrderBy(t => t.Id).ToListAsync());

        Assert.That(history.Select(t => (t.FromState, t.ToState, t.Event)), Is.EqualTo(new[]
        {
            ("Initial", "AwaitingPayment", "OrderSubmitted"),
            ("AwaitingPayment", "AwaitingFraudCheck", "PaymentProcessed"),
            ("AwaitingFraudCheck", "AwaitingInventory", "FraudCheckPassed"),
            ("AwaitingInventory", "AwaitingShipment", "InventoryReserved"),
            ("AwaitingShipment", "Completed", "ShipmentScheduled"),
        }));
        Assert.That(history.Select(t => t.MessageId), Has.All.Not.Null);
        Assert.That(history.Select(t => t.SagaType), Has.All.EqualTo("OrderState"));
    }
}
