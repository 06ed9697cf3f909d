using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.StateMachines;

/// <summary>Every way an order fails is stored as its kind, next to the reason in words; an order that does not fail has none.</summary>
public sealed class OrderSagaFailureKindTests
{
    [Test]
    public async Task An_invalid_order_is_Rejected()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();

        await host.Publish(Orders.Valid(id) with { Items = [] });

        var saga = await host.WaitForState(id, m => m.Rejected);
        Assert.That((saga.FailureKind, saga.FailureReason), Is.EqualTo(((OrderFailureKind?)OrderFailureKind.Rejected, "the order has no items")));
    }

    [Test]
    public async Task A_step_its_participant_refuses_is_Declined()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());

        await host.Publish(new InventoryReservationFailed(id, "out of stock"));

        var saga = await host.WaitForState(id, m => m.Compensating);
        Assert.That((saga.FailureKind, saga.FailureReason), Is.EqualTo(((OrderFailureKind?)OrderFailureKind.Declined, "inventory not reserved: out of stock")));
    }

    [Test]
    public async Task A_step_whose_command_faults_is_Faulted()
    {
        await using var host = await OrderSagaTestHost.StartAsync(x => x.AddConsumer<ThrowingConsumer<ProcessPayment>>()
            .Endpoint(e => e.Name = QueueNames.Payment));
        var id = Guid.NewGuid();

        await host.Publish(Orders.Valid(id));

        var saga = await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(saga.FailureKind, Is.EqualTo(OrderFailureKind.Faulted));
            Assert.That(saga.FailureReason, Does.StartWith("payment failed: "));
        });
    }

    [Test]
    public async Task A_step_that_does_not_answer_in_time_is_TimedOut()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);

        var saga = await host.PassDeadline(id, OrderStep.Payment);

        Assert.That((saga.FailureKind, saga.FailureReason), Is.EqualTo(((OrderFailureKind?)OrderFailureKind.TimedOut, OrderStateMachine.StepTimeoutReason)));
    }

    [Test]
    public async Task An_order_cancelled_while_a_step_runs_is_Cancelled()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);

        await host.Publish(new CancelOrder(id, "changed my mind"));

        var saga = await host.WaitForState(id, m => m.Compensating);
        Assert.That((saga.FailureKind, saga.FailureReason), Is.EqualTo(((OrderFailureKind?)OrderFailureKind.Cancelled, "cancelled: changed my mind")));
    }

    [Test]
    public async Task A_completed_order_has_no_failure_kind()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());
        await host.ReserveAndAwaitShipment(id, Guid.NewGuid());

        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));

        var saga = await host.WaitForState(id, m => m.Completed);
        Assert.That((saga.FailureKind, saga.FailureReason), Is.EqualTo(((OrderFailureKind?)null, (string?)null)));
    }
}
