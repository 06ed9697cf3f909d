using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;

namespace Saga.Orchestrator.Tests.StateMachines;

public sealed class OrderSagaDuplicateAndLateReplyTests
{
    [Test]
    public async Task A_duplicate_submit_starts_no_second_saga_and_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.Valid();
        var id = order.OrderId;
        await host.Publish(order);
        var before = await host.WaitForState(id, m => m.AwaitingPayment);
        await host.Sent<ProcessPayment>(id, m => m.OrderId);

        await host.Publish(order with { CustomerId = "SOMEONE-ELSE", Currency = "USD" });
        await host.Consumed<SubmitOrder>(x => x.CustomerId == "SOMEONE-ELSE");

        var after = await host.Find(id);
        Assert.Multiple(async () =>
        {
            Assert.That(after!.CustomerId, Is.EqualTo("CUST-1001"));
            Assert.That(after.Currency, Is.EqualTo("EUR"));
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(await host.Query(db => db.Orders.CountAsync()), Is.EqualTo(1));
            Assert.That(host.CountSent<ProcessPayment>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Ten_concurrent_submits_of_one_order_start_one_saga()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.Valid();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => host.Publish(order)));

        await host.WaitForState(order.OrderId, m => m.AwaitingPayment);
        await host.Consumed<SubmitOrder>(x => x.OrderId == order.OrderId, 10);
        await host.Sent<ProcessPayment>(order.OrderId, m => m.OrderId);
                Assert.Multiple(async () =>
        {
            Assert.That(await host.Query(db => db.Orders.CountAsync()), Is.EqualTo(1));
            Assert.That(host.CountSent<ProcessPayment>(order.OrderId, m => m.OrderId), Is.EqualTo(1));
            Assert.That(await host.Query(db => db.Transitions.CountAsync()), Is.EqualTo(1));
            Assert.That(host.AnyPublished<Fault<SubmitOrder>>(), Is.False);
        });
    }

    [Test]
    public async Task A_repeated_reply_is_recognised_and_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        var before = await host.PayAndAwaitInventory(id, paymentId);

        await host.Publish(new PaymentProcessed(id, paymentId, Orders.ValidTotal, "EUR"));
        await host.Consumed<PaymentProcessed>(x => x.OrderId == id, 2);
        
        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(after!.CurrentState, Is.EqualTo("AwaitingInventory"));
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_reply_with_a_conflicting_reference_faults_for_an_operator()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());

        await host.Publish(new PaymentProcessed(id, Guid.NewGuid(), Orders.ValidTotal, "EUR"));

        var fault = await host.Published<Fault<PaymentProcessed>>(id, m => m.Message.OrderId);
        Assert.That(fault.Exceptions[0].Message, Does.Contain("Payment replied with reference"));
        Assert.That((await host.Find(id))!.CurrentState, Is.EqualTo("AwaitingInventory"));
    }

    [Test]
    public async Task A_success_of_a_step_never_started_after_compensated_faults_for_an_operator_and_the_order_stays_compensated()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.Publish(new PaymentDeclined(id, "insufficient credit"));
        var before = await host.WaitForState(id, m => m.Compensated);

        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));

        var fault = await host.Published<Fault<ShipmentScheduled>>(id, m => m.Message.OrderId);
        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(fault.Exceptions[0].InnerException?.Message, Does.Contain("is Compensated, but Shipping succeeded"));
            Assert.That(after!.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(host.CountSent<CancelShipment>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task A_reply_for_an_unknown_order_faults_instead_of_vanishing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();

        await host.Publish(new InventoryReserved(id, Guid.NewGuid()));

        await host.Published<Fault<InventoryReserved>>(id, m => m.Message.OrderId);
        Assert.That(await host.Find(id), Is.Null);
    }

    [Test]
    public async Task A_late_failure_after_cancellation_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.Publish(new CancelOrder(id, "changed my mind"));
        await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.Publish(new PaymentRefunded(id, null, 0m));
        var before = await host.WaitForState(id, m => m.Compensated);

        await host.Publish(new PaymentDeclined(id, "insufficient credit"));
        await host.Consumed<PaymentDeclined>(x => x.OrderId == id);
        
        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(after!.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(after.FailureReason, Is.EqualTo("cancelled: changed my mind"));
            Assert.That(host.AnyPublished<Fault<PaymentDeclined>>(), Is.False);
        });
    }
}
