using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.StateMachines;

/// <summary>
/// Flow versions: new orders start on the configured flow (the latest, with the fraud check, by default), and every order
/// follows the flow it started under to its end.
/// </summary>
public sealed class OrderSagaFlowVersionTests
{
    [Test]
    public async Task A_failed_fraud_check_refunds_the_payment_and_ends_compensated_with_its_reason()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitFraudCheck(id, paymentId);

        await host.Publish(new FraudCheckFailed(id, "customer CUST-1001 is blocked"));

        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.WaitForState(id, m => m.Compensating);
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var saga = await host.WaitForState(id, m => m.Compensated);
        var compensated = await host.Published<OrderCompensated>(id, m => m.OrderId);

        Assert.Multiple(() =>
        {
            Assert.That(refund.PaymentId, Is.EqualTo(paymentId));
            Assert.That(saga.FailureReason, Is.EqualTo("fraud check failed: customer CUST-1001 is blocked"));
            Assert.That(compensated.Reason, Is.EqualTo(saga.FailureReason));
            Assert.That(saga.FailureKind, Is.EqualTo(OrderFailureKind.Declined));
            Assert.That(saga.PaymentRefunded, Is.True);
            Assert.That(saga.FraudCheckId, Is.Null);
            Assert.That(saga.FraudCheckDeadlineTokenId, Is.Null, "the fraud check's deadline is cancelled");
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task An_order_on_flow_1_never_sends_CheckFraud_and_completes_after_three_steps()
    {
        await using var host = await OrderSagaTestHost.StartAsync(newOrderFlow: OrderFlows.V1);
        var id = Guid.NewGuid();

        await host.SubmitAndAwaitPayment(id);
        await host.Publish(new PaymentProcessed(id, Guid.NewGuid(), Orders.ValidTotal, "EUR"));
        await host.WaitForState(id, m => m.AwaitingInventory);
        await host.ReserveAndAwaitShipment(id, Guid.NewGuid());
        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));
        var saga = await host.WaitForState(id, m => m.Completed);
        await host.Published<OrderCompleted>(id, m => m.OrderId);

        var history = await host.Query(db => db.Transitions.Where(t => t.CorrelationId == id).OrderBy(t => t.Id).Select(t => t.ToState).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(saga.DefinitionVersion, Is.EqualTo(1));
            Assert.That(saga.FraudCheckId, Is.Null);
            Assert.That(host.AnySent<CheckFraud>(), Is.False);
            Assert.That(history, Is.EqualTo(new[] { "AwaitingPayment", "AwaitingInventory", "AwaitingShipment", "Completed" }));
        });
    }

    [Test]
    public async Task A_saga_started_on_flow_1_goes_on_to_inventory_while_new_orders_start_on_flow_2()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var started = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(started);
        // As the previous build left it: waiting for its payment, on flow 1.
        await host.Query(db => db.Orders.Where(x => x.CorrelationId == started)
            .ExecuteUpdateAsync(set => set.SetProperty(x => x.DefinitionVersion, 1)));

        var fresh = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(fresh);
        await host.Publish(new PaymentProcessed(started, Guid.NewGuid(), Orders.ValidTotal, "EUR"));
        await host.Publish(new PaymentProcessed(fresh, Guid.NewGuid(), Orders.ValidTotal, "EUR"));

        var old = await host.WaitForState(started, m => m.AwaitingInventory);
        await host.Sent<ReserveInventory>(started, m => m.OrderId);
        var current = await host.AwaitFraudCheck(fresh);

        await host.ReserveAndAwaitShipment(started, Guid.NewGuid());
        await host.Publish(new ShipmentScheduled(started, Guid.NewGuid()));
        await host.WaitForState(started, m => m.Completed);
        Assert.Multiple(() =>
        {
            Assert.That(old.DefinitionVersion, Is.EqualTo(1));
            Assert.That(current.DefinitionVersion, Is.EqualTo(2));
            Assert.That(host.CountSent<CheckFraud>(started, m => m.OrderId), Is.Zero, "the flow-1 order skips the fraud check");
            Assert.That(host.CountSent<ReserveInventory>(fresh, m => m.OrderId), Is.Zero, "the flow-2 order waits for its fraud check");
        });
    }

    [Test]
    public async Task A_fraud_check_that_does_not_answer_in_time_refunds_the_payment()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitFraudCheck(id, paymentId);

        var timedOut = await host.PassDeadline(id, OrderStep.FraudCheck);
        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var saga = await host.WaitForState(id, m => m.Compensated);

        Assert.Multiple(() =>
        {
            Assert.That(timedOut.InDoubtStep, Is.EqualTo(OrderStep.FraudCheck));
            Assert.That(refund.PaymentId, Is.EqualTo(paymentId), "the in-doubt fraud check has nothing to undo: the payment is next");
            Assert.That(saga.FailureReason, Is.EqualTo("timeout"));
            Assert.That(saga.FailureKind, Is.EqualTo(OrderFailureKind.TimedOut));
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task A_faulted_fraud_check_refunds_the_payment()
    {
        await using var host = await OrderSagaTestHost.StartAsync(x => x.AddConsumer<ThrowingConsumer<CheckFraud>>()
            .Endpoint(e => e.Name = QueueNames.Payment));
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);

        await host.Publish(new PaymentProcessed(id, paymentId, Orders.ValidTotal, "EUR"));

        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        var compensating = await host.WaitForState(id, m => m.Compensating);
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var saga = await host.WaitForState(id, m => m.Compensated);

        Assert.Multiple(() =>
        {
            Assert.That(refund.PaymentId, Is.EqualTo(paymentId));
            Assert.That(compensating.InDoubtStep, Is.EqualTo(OrderStep.FraudCheck));
            Assert.That(compensating.CompensatingStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(saga.FailureKind, Is.EqualTo(OrderFailureKind.Faulted));
            Assert.That(saga.FailureReason, Does.StartWith("fraud check faulted: "));
        });
    }

    [Test]
    public async Task A_late_pass_after_cancellation_is_kept_and_undoes_nothing_more()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitFraudCheck(id, paymentId);
        await host.Publish(new CancelOrder(id, "changed my mind"));
        await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var compensated = await host.WaitForState(id, m => m.Compensated);

        var checkId = Guid.NewGuid();
        await host.Publish(new FraudCheckPassed(id, checkId));
        await host.Consumed<FraudCheckPassed>(x => x.OrderId == id);
        // And a late failure of the same check changes nothing either.
        await host.Publish(new FraudCheckFailed(id, "too late"));
        await host.Consumed<FraudCheckFailed>(x => x.OrderId == id);

        var saga = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(compensated.InDoubtStep, Is.EqualTo(OrderStep.FraudCheck));
            Assert.That(saga!.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(saga.FraudCheckId, Is.EqualTo(checkId), "the late pass is kept for the record");
            Assert.That(saga.FailureReason, Is.EqualTo("cancelled: changed my mind"));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.AnyPublished<Fault<FraudCheckPassed>>(), Is.False);
            Assert.That(host.AnyPublished<Fault<FraudCheckFailed>>(), Is.False);
        });
    }

    [Test]
    public void Every_flow_starts_with_payment_and_the_latest_is_flow_2()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OrderFlows.Latest, Is.SameAs(OrderFlows.V2));
            Assert.That(OrderFlows.Of(1).Steps.Select(s => s.Step), Is.EqualTo(new[] { OrderStep.Payment, OrderStep.Inventory, OrderStep.Shipping }));
            Assert.That(OrderFlows.Of(2).Steps.Select(s => s.Step),
                Is.EqualTo(new[] { OrderStep.Payment, OrderStep.FraudCheck, OrderStep.Inventory, OrderStep.Shipping }));
            Assert.That(OrderFlows.Find(3), Is.Null);
            Assert.That(OrderFlows.V1.InFlightStates, Does.Not.Contain("AwaitingFraudCheck"));
            Assert.That(OrderFlows.V2.InFlightStates, Does.Contain("AwaitingFraudCheck").And.Contain("Compensating"));
        });
    }
}
