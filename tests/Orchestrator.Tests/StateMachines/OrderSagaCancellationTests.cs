using MassTransit;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;

namespace Saga.Orchestrator.Tests.StateMachines;

public sealed class OrderSagaCancellationTests
{
    [Test]
    public async Task Cancel_while_awaiting_payment_ends_compensated_and_a_late_payment_is_refunded()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);

        var response = await host.Harness.GetRequestClient<CancelOrder>()
            .GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(new CancelOrder(id, "changed my mind"));
        Assert.That(response.Is(out Response<OrderCancellationAccepted>? _), Is.True);

        var cancelled = await host.WaitForState(id, m => m.Compensated);
        Assert.That(cancelled.FailureReason, Is.EqualTo("cancelled: changed my mind"));
        Assert.That((await host.Published<OrderCompensated>(id, m => m.OrderId)).Reason, Is.EqualTo("cancelled: changed my mind"));

        // The payment was already on its way: it must be refunded, not dropped.
        var paymentId = Guid.NewGuid();
        await host.Publish(new PaymentProcessed(id, paymentId, Orders.ValidTotal, "EUR"));
        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        Assert.That(refund.PaymentId, Is.EqualTo(paymentId));
        await host.WaitForState(id, m => m.Compensating);

        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var saga = await host.WaitForState(id, m => m.Compensated);
        Assert.Multiple(() =>
        {
            Assert.That(saga.PaymentRefunded, Is.True);
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.EqualTo(1), "the outcome is announced once");
        });
    }

    [Test]
    public async Task Cancel_while_awaiting_inventory_refunds_and_a_late_reservation_is_released()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var reservationId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);

        await host.Publish(new CancelOrder(id, "too slow"));
        await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.WaitForState(id, m => m.Compensating);

        await host.Publish(new InventoryReserved(id, reservationId));
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));

        var release = await host.Sent<ReleaseInventory>(id, m => m.OrderId);
        Assert.That(release.ReservationId, Is.EqualTo(reservationId));
        await host.Publish(new InventoryReleased(id, reservationId));

        var saga = await host.WaitForState(id, m => m.Compensated);
        Assert.Multiple(() =>
        {
            Assert.That(saga.PaymentRefunded && saga.InventoryReleased, Is.True);
            Assert.That(host.CountSent<ScheduleShipment>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task Cancel_while_awaiting_shipment_undoes_inventory_then_payment_and_cancels_a_late_shipment()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var reservationId = Guid.NewGuid();
        var shipmentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);
        await host.ReserveAndAwaitShipment(id, reservationId);

        await host.Publish(new CancelOrder(id, "wrong address"));
        await host.Sent<ReleaseInventory>(id, m => m.OrderId);
        await host.WaitForState(id, m => m.Compensating);
        Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero, "payment is undone after inventory");

        await host.Publish(new InventoryReleased(id, reservationId));
        await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        await host.WaitForState(id, m => m.Compensated);

        await host.Publish(new ShipmentScheduled(id, shipmentId));
        var cancel = await host.Sent<CancelShipment>(id, m => m.OrderId);
        Assert.That(cancel.ShipmentId, Is.EqualTo(shipmentId));
        await host.Publish(new ShipmentCancelled(id, shipmentId));

        await host.Consumed<ShipmentCancelled>(x => x.OrderId == id);
        var saga = await host.WaitForState(id, m => m.Compensated);
        Assert.That(saga.ShipmentCancelled, Is.True);
        Assert.That(saga.CompensatingStep, Is.Null);
    }

    [Test]
    public async Task Cancel_after_completion_is_refused_and_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());
        await host.ReserveAndAwaitShipment(id, Guid.NewGuid());
        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));
        var before = await host.WaitForState(id, m => m.Completed);

        var response = await host.Harness.GetRequestClient<CancelOrder>()
            .GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(new CancelOrder(id, "too late"));

        Assert.That(response.Is(out Response<OrderCancellationRefused>? refused), Is.True);
        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message.Reason, Is.EqualTo("the order is already completed"));
            Assert.That(after!.CurrentState, Is.EqualTo("Completed"));
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(after.FailureReason, Is.Null);
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.CountSent<CancelShipment>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task Cancel_of_an_unknown_order_is_refused()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();

        var response = await host.Harness.GetRequestClient<CancelOrder>()
            .GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(new CancelOrder(id, "who knows"));

        Assert.That(response.Is(out Response<OrderCancellationRefused>? refused), Is.True);
        Assert.That(refused!.Message.Reason, Is.EqualTo("unknown order"));
        Assert.That(await host.Find(id), Is.Null, "a cancellation never creates a saga");
    }

    [Test]
    public async Task Cancel_of_a_compensating_order_is_refused()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());
        await host.Publish(new InventoryReservationFailed(id, "out of stock"));
        await host.WaitForState(id, m => m.Compensating);
        await host.Sent<RefundPayment>(id, m => m.OrderId);

        var response = await host.Harness.GetRequestClient<CancelOrder>()
            .GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(new CancelOrder(id, "never mind"));

        Assert.That(response.Is(out Response<OrderCancellationRefused>? refused), Is.True);
        Assert.That(refused!.Message.Reason, Does.Contain("inventory not reserved: out of stock"));
        Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
    }

    [Test]
    public async Task Cancel_of_a_compensated_order_is_refused()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.Publish(new PaymentDeclined(id, "insufficient credit"));
        var before = await host.WaitForState(id, m => m.Compensated);

        var refused = await CancelExpectingRefusal(host, id);

        Assert.That(refused.Reason, Is.EqualTo("the order is already being undone (payment declined: insufficient credit)"));
        Assert.That((await host.Find(id))!.Version, Is.EqualTo(before.Version));
    }

    [Test]
    public async Task Cancel_of_a_rejected_order_is_refused()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.Valid() with { Currency = "XXX1" };
        await host.Publish(order);
        var before = await host.WaitForState(order.OrderId, m => m.Rejected);

        var refused = await CancelExpectingRefusal(host, order.OrderId);

        Assert.That(refused.Reason, Is.EqualTo("the order was rejected (Currency 'XXX1' is not an ISO 4217 code)"));
        Assert.That((await host.Find(order.OrderId))!.Version, Is.EqualTo(before.Version));
    }

    [Test]
    public async Task Cancel_of_an_order_whose_compensation_failed_is_refused()
    {
        await using var host = await OrderSagaTestHost.StartAsync(x => x.AddConsumer<ThrowingConsumer<RefundPayment>>()
            .Endpoint(e => e.Name = QueueNames.Payment));
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());
        await host.Publish(new InventoryReservationFailed(id, "out of stock"));
        await host.WaitForState(id, m => m.CompensationFailed);

        var refused = await CancelExpectingRefusal(host, id);

        Assert.That(refused.Reason, Is.EqualTo("the order's compensation failed and is waiting for an operator"));
        Assert.That((await host.Find(id))!.CurrentState, Is.EqualTo("CompensationFailed"));
    }

    static async Task<OrderCancellationRefused> CancelExpectingRefusal(OrderSagaTestHost host, Guid id)
    {
        var response = await host.Harness.GetRequestClient<CancelOrder>()
            .GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(new CancelOrder(id, "please"));
        Assert.That(response.Is(out Response<OrderCancellationRefused>? refused), Is.True, "the cancellation must be refused");
        return refused!.Message;
    }
}
