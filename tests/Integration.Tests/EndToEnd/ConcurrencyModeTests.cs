using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Persistence.Sagas;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>Both concurrency modes of the saga repository on PostgreSQL, under concurrent events for one saga.</summary>
[TestFixture(SagaConcurrencyMode.Optimistic)]
[TestFixture(SagaConcurrencyMode.Pessimistic)]
[NonParallelizable]
public sealed class ConcurrencyModeTests(SagaConcurrencyMode mode)
{
    SagaSystem _system = null!;

    // No participants: the test plays them, so that it controls when each reply arrives.
    [OneTimeSetUp]
    public async Task Start() => _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(mode), withParticipants: false);

    [OneTimeTearDown]
    public async Task Stop() => await _system.DisposeAsync();

    [Test]
    [Repeat(3)]
    public async Task A_cancellation_racing_a_payment_reply_loses_neither()
    {
        var order = TestOrders.Valid();
        var paymentId = Guid.NewGuid();
        await _system.Submit(order);
        await _system.WaitForState(order.OrderId, "AwaitingPayment");

        await Task.WhenAll(
            _system.Client.Publish(new CancelOrder(order.OrderId, "race")),
            _system.Client.Publish(new PaymentProcessed(order.OrderId, paymentId, 19.80m, "EUR")));

        // Either order of the two ends in Compensating with the payment recorded and the cancellation as the reason; the
        // step in flight is undone first (the payment when the cancellation came first, the reservation otherwise).
        var saga = await _system.WaitForState(order.OrderId, "Compensating");
        await Poll.UntilAsync(async () => (saga = (await _system.Find(order.OrderId))!).PaymentId == paymentId, "the payment was not recorded");
        if (saga.CompensatingStep == SagaOrchestrator.StateMachines.OrderStep.Inventory)
            await _system.Client.Publish(new InventoryReleased(order.OrderId, null));
        await Poll.UntilAsync(async () => (await _system.Find(order.OrderId))!.CompensatingStep == SagaOrchestrator.StateMachines.OrderStep.Payment,
            "the refund was not sent");
        await _system.Client.Publish(new PaymentRefunded(order.OrderId, paymentId, 19.80m));

        var compensated = await _system.WaitForState(order.OrderId, "Compensated");
        await using var db = _system.Orchestrator();
        var history = await db.Transitions.Where(t => t.CorrelationId == order.OrderId).OrderBy(t => t.Id).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(compensated.PaymentId, Is.EqualTo(paymentId));
            Assert.That(compensated.PaymentRefunded, Is.True);
            Assert.That(compensated.FailureReason, Is.EqualTo("cancelled: race"));
            Assert.That(history.Zip(history.Skip(1)).All(pair => pair.First.ToState == pair.Second.FromState), Is.True,
                "the history is one unbroken chain");
        });
    }

    [Test]
    public async Task Twenty_events_for_one_saga_at_once_leave_one_consistent_saga()
    {
        var order = TestOrders.Valid();

        // Duplicates of the start message and of a reply, all at once: one saga, one transition per state change.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _system.Submit(order)));
        await _system.WaitForState(order.OrderId, "AwaitingPayment");
        var paymentId = Guid.NewGuid();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _system.Client.Publish(new PaymentProcessed(order.OrderId, paymentId, 19.80m, "EUR"))));

        // The default flow checks for fraud after the payment.
        var saga = await _system.WaitForState(order.OrderId, "AwaitingFraudCheck");
        await using var db = _system.Orchestrator();
        var transitions = await db.Transitions.CountAsync(t => t.CorrelationId == order.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(saga.PaymentId, Is.EqualTo(paymentId));
            Assert.That(transitions, Is.EqualTo(2));
        });
    }
}
