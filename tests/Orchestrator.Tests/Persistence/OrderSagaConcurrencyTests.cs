using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;

namespace Saga.Orchestrator.Tests.Persistence;

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

        // Whichever came first, the payment is recorded and refunded, and the cancellation is what the order ends with.
        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        var saga = await host.WaitForState(id, m => m.Compensating);
        
        var history = await host.Query(db => db.Transitions.Where(t => t.CorrelationId == id).OrderBy(t => t.Id).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(refund.PaymentId, Is.EqualTo(paymentId));
            Assert.That(saga.PaymentId, Is.EqualTo(paymentId));
            Assert.That(saga.FailureReason, Is.EqualTo("cancelled: race"));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.AnyPublished<Fault<CancelOrder>>(), Is.False);
            Assert.That(host.AnyPublished<Fault<PaymentProcessed>>(), Is.False);
            Assert.That(history[^1].ToState, Is.EqualTo("Compensating"));
            Assert.That(history.Zip(history.Skip(1)).All(pair => pair.First.ToState == pair.Second.FromState), Is.True,
                "the history is one unbroken chain of transitions");
        });
    }
}
