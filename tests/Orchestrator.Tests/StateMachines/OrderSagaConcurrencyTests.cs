using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.StateMachines;

public sealed class OrderSagaConcurrencyTests
{
    [Test]
    [Repeat(3)]
    public async Task A_cancellation_racing_a_payment_reply_loses_neither()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);

        await Task.WhenAll(
            host.Publish(new CancelOrder(id, "race")),
            host.Publish(new PaymentProcessed(id, paymentId, Orders.ValidTotal, "EUR")));

        // Whichever came first, the payment is recorded, the cancellation is what the order ends with, and the compensation
        // undoes the step in flight (the payment when the cancellation came first, the reservation otherwise), then the payment.
        var saga = await host.WaitForState(id, m => m.Compensating);
        await host.Eventually(async () => (await host.Find(id))!.PaymentId == paymentId, "the payment was not recorded");
        if (saga.CompensatingStep == OrderStep.Inventory)
        {
            await host.Publish(new InventoryReleased(id, null));
            await host.Sent<RefundPayment>(id, m => m.OrderId);
        }

        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        saga = await host.WaitForState(id, m => m.Compensated);

        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        var history = await host.Query(db => db.Transitions.Where(t => t.CorrelationId == id).OrderBy(t => t.Id).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(refund.PaymentId, Is.Null.Or.EqualTo(paymentId));
            Assert.That(saga.PaymentId, Is.EqualTo(paymentId));
            Assert.That(saga.PaymentRefunded, Is.True);
            Assert.That(saga.FailureReason, Is.EqualTo("cancelled: race"));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.AnyPublished<Fault<CancelOrder>>(), Is.False);
            Assert.That(host.AnyPublished<Fault<PaymentProcessed>>(), Is.False);
            Assert.That(history[^1].ToState, Is.EqualTo("Compensated"));
            Assert.That(history.Zip(history.Skip(1)).All(pair => pair.First.ToState == pair.Second.FromState), Is.True,
                "the history is one unbroken chain of transitions");
        });
    }
}
