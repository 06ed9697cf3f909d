using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.StateMachines;

public sealed class OrderSagaCancellationTests
{
    [Test]
    public async Task Cancel_while_awaiting_payment_voids_the_payment_in_flight_and_ends_compensated_once_the_void_is_confirmed()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);

        var response = await host.Harness.GetRequestClient<CancelOrder>()
            .GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(new CancelOrder(id, "changed my mind"));
        Assert.That(response.Is(out Response<OrderCancellationAccepted>? _), Is.True);

        // The payment's outcome is unknown: its refund names no payment, and the order is not Compensated until it is confirmed.
        var voiding = await host.Sent<RefundPayment>(id, m => m.OrderId);
        var compensating = await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(voiding.PaymentId, Is.Null);
            Assert.That(compensating.InDoubtStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(compensating.CompensatingStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(host.AnyPublished<OrderCompensated>(), Is.False);
        });

        await host.Publish(new PaymentRefunded(id, null, 0m));
        var cancelled = await host.WaitForState(id, m => m.Compensated);
        Assert.That(cancelled.FailureReason, Is.EqualTo("cancelled: changed my mind"));
        Assert.That((await host.Published<OrderCompensated>(id, m => m.OrderId)).Reason, Is.EqualTo("cancelled: changed my mind"));

        // The payment participant refuses a command that arrives after the void: its decline changes nothing.
        await host.Publish(new PaymentDeclined(id, "the order was cancelled before the payment ran"));
        await host.Consumed<PaymentDeclined>(x => x.OrderId == id);
        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(after!.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(after.Version, Is.EqualTo(cancelled.Version));
            Assert.That(after.PaymentRefunded, Is.True);
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.EqualTo(1), "the outcome is announced once");
        });
    }

    [Test]
    public async Task Cancel_while_awaiting_payment_refunds_a_payment_that_had_run_and_compensated_stays_final()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.Publish(new CancelOrder(id, "changed my mind"));
        await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.WaitForState(id, m => m.Compensating);

        // The payment had run before its void arrived: its success comes in while compensating, and the void refunds it.
        await host.Publish(new PaymentProcessed(id, paymentId, Orders.ValidTotal, "EUR"));
        await host.Consumed<PaymentProcessed>(x => x.OrderId == id);
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var compensated = await host.WaitForState(id, m => m.Compensated);

        // A repeat of the success after the end is one the void already undid: the order stays Compensated.
        await host.Publish(new PaymentProcessed(id, paymentId, Orders.ValidTotal, "EUR"));
        await host.Consumed<PaymentProcessed>(x => x.OrderId == id, count: 2);
        var after = await host.Find(id);
        var history = await host.Query(db => db.Transitions.Where(t => t.CorrelationId == id).OrderBy(t => t.Id).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(compensated.PaymentId, Is.EqualTo(paymentId));
            Assert.That(compensated.PaymentRefunded, Is.True);
            Assert.That(after!.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(after.Version, Is.EqualTo(compensated.Version));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero, "a late payment does not resume the order");
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(history.Count(t => t.ToState == "Compensated"), Is.EqualTo(1), "Compensated is reached once and never left");
        });
    }

    [Test]
    public async Task Cancel_while_awaiting_inventory_releases_the_reservation_in_flight_then_refunds()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var reservationId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);

        await host.Publish(new CancelOrder(id, "too slow"));
        var release = await host.Sent<ReleaseInventory>(id, m => m.OrderId);
        await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(release.ReservationId, Is.Null, "the reservation's outcome is unknown");
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero, "payment is undone after inventory");
        });

        // The reservation had been made: its success arrives, and the release names what it released.
        await host.Publish(new InventoryReserved(id, reservationId));
        await host.Consumed<InventoryReserved>(x => x.OrderId == id);
        await host.Publish(new InventoryReleased(id, reservationId));
        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        Assert.That(refund.PaymentId, Is.EqualTo(paymentId));
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));

        var saga = await host.WaitForState(id, m => m.Compensated);
        Assert.Multiple(() =>
        {
            Assert.That(saga.PaymentRefunded && saga.InventoryReleased, Is.True);
            Assert.That(saga.ReservationId, Is.EqualTo(reservationId));
            Assert.That(host.CountSent<ReleaseInventory>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.CountSent<ScheduleShipment>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task Cancel_while_awaiting_shipment_cancels_the_shipment_in_flight_then_releases_then_refunds()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var reservationId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);
        await host.ReserveAndAwaitShipment(id, reservationId);

        await host.Publish(new CancelOrder(id, "wrong address"));
        var cancel = await host.Sent<CancelShipment>(id, m => m.OrderId);
        await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(cancel.ShipmentId, Is.Null);
            Assert.That(host.CountSent<ReleaseInventory>(id, m => m.OrderId), Is.Zero, "inventory is undone after shipping");
        });

        await host.Publish(new ShipmentCancelled(id, null));
        var release = await host.Sent<ReleaseInventory>(id, m => m.OrderId);
        Assert.That(release.ReservationId, Is.EqualTo(reservationId));
        Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero, "payment is undone after inventory");
        await host.Publish(new InventoryReleased(id, reservationId));
        await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var compensated = await host.WaitForState(id, m => m.Compensated);

        // The shipping participant refuses a schedule that arrives after the cancellation: the refusal changes nothing.
        await host.Publish(new ShipmentSchedulingFailed(id, "the order was cancelled before its shipment was scheduled"));
        await host.Consumed<ShipmentSchedulingFailed>(x => x.OrderId == id);
        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(after!.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(after.Version, Is.EqualTo(compensated.Version));
            Assert.That(after.ShipmentCancelled && after.InventoryReleased && after.PaymentRefunded, Is.True);
            Assert.That(after.CompensatingStep, Is.Null);
            Assert.That(host.CountSent<CancelShipment>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_cancellation_reason_longer_than_the_limit_is_cut_not_refused()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);

        await host.Publish(new CancelOrder(id, new string('x', 100_000)));
        var saga = await host.WaitForState(id, m => m.Compensating);

        Assert.That(saga.FailureReason, Is.EqualTo("cancelled: " + new string('x', OrderLimits.MaxCancellationReasonLength) + "…"));
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
