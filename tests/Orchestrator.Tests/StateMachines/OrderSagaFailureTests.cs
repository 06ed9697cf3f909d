using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.StateMachines;

/// <summary>A failed step undoes the completed steps, latest first, one at a time.</summary>
public sealed class OrderSagaFailureTests
{
    [Test]
    public async Task Declined_payment_compensates_nothing_and_ends_compensated()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);

        await host.Publish(new PaymentDeclined(id, "credit limit exceeded"));

        var saga = await host.WaitForState(id, m => m.Compensated);
        var compensated = await host.Published<OrderCompensated>(id, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(compensated.Reason, Is.EqualTo("payment declined: credit limit exceeded"));
            Assert.That(saga.FailureReason, Is.EqualTo(compensated.Reason));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task Failed_reservation_refunds_the_payment()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);

        await host.Publish(new InventoryReservationFailed(id, "SKU-KB-001: requested 2, available 0"));

        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        Assert.That(refund.PaymentId, Is.EqualTo(paymentId));
        await host.WaitForState(id, m => m.Compensating);

        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var saga = await host.WaitForState(id, m => m.Compensated);

        Assert.Multiple(() =>
        {
            Assert.That(saga.FailureReason, Is.EqualTo("inventory not reserved: SKU-KB-001: requested 2, available 0"));
            Assert.That(saga.PaymentRefunded, Is.True);
            Assert.That(host.CountSent<ReleaseInventory>(id, m => m.OrderId), Is.Zero, "nothing was reserved");
            Assert.That(host.CountSent<ScheduleShipment>(id, m => m.OrderId), Is.Zero);
        });
        await host.Published<OrderCompensated>(id, m => m.OrderId);
    }

    [Test]
    public async Task Failed_shipment_releases_inventory_then_refunds_payment()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var reservationId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);
        await host.ReserveAndAwaitShipment(id, reservationId);

        await host.Publish(new ShipmentSchedulingFailed(id, "country BR is not served"));

        var release = await host.Sent<ReleaseInventory>(id, m => m.OrderId);
        Assert.That(release.ReservationId, Is.EqualTo(reservationId));
        var waiting = await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(waiting.CompensatingStep, Is.EqualTo(Saga.SagaOrchestrator.StateMachines.OrderStep.Inventory));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero, "the refund waits until the release is confirmed");
        });

        await host.Publish(new InventoryReleased(id, reservationId));
        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        Assert.That(refund.PaymentId, Is.EqualTo(paymentId));

        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var saga = await host.WaitForState(id, m => m.Compensated);
        Assert.Multiple(() =>
        {
            Assert.That(saga.FailureReason, Is.EqualTo("shipment not scheduled: country BR is not served"));
            Assert.That(saga.InventoryReleased && saga.PaymentRefunded, Is.True);
            Assert.That(saga.CompensatingStep, Is.Null);
            Assert.That(saga.CompensatedAt, Is.Not.Null);
        });
        Assert.That((await host.Published<OrderCompensated>(id, m => m.OrderId)).Reason, Is.EqualTo(saga.FailureReason));
    }

    [Test]
    public async Task A_participant_fault_counts_as_a_failed_step_whose_outcome_is_in_doubt()
    {
        // A payment consumer that throws makes MassTransit publish Fault<ProcessPayment> after its retries. The command sits
        // in the error queue and may be moved back, so the payment is voided before the order is Compensated.
        await using var host = await OrderSagaTestHost.StartAsync(x => x.AddConsumer<ThrowingConsumer<ProcessPayment>>()
            .Endpoint(e => e.Name = QueueNames.Payment));
        var id = Guid.NewGuid();

        await host.Publish(Orders.Valid(id));

        var voiding = await host.Sent<RefundPayment>(id, m => m.OrderId);
        var compensating = await host.WaitForState(id, m => m.Compensating);
        await host.Publish(new PaymentRefunded(id, null, 0m));
        var saga = await host.WaitForState(id, m => m.Compensated);
        Assert.Multiple(() =>
        {
            Assert.That(voiding.PaymentId, Is.Null);
            Assert.That(compensating.InDoubtStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(saga.FailureReason, Does.StartWith("payment failed: System.InvalidOperationException: ProcessPayment is broken"));
        });
    }

    [Test]
    public async Task A_compensation_that_keeps_failing_ends_in_compensation_failed()
    {
        await using var host = await OrderSagaTestHost.StartAsync(x => x.AddConsumer<ThrowingConsumer<RefundPayment>>()
            .Endpoint(e => e.Name = QueueNames.Payment));
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());

        await host.Publish(new InventoryReservationFailed(id, "out of stock"));

        var saga = await host.WaitForState(id, m => m.CompensationFailed);
        var failed = await host.Published<OrderCompensationFailed>(id, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Step, Is.EqualTo("Payment"));
            Assert.That(saga.CompensationError, Does.Contain("RefundPayment is broken"));
            Assert.That(saga.FailureReason, Is.EqualTo("inventory not reserved: out of stock"));
            Assert.That(saga.PaymentRefunded, Is.False);
        });
    }
}
