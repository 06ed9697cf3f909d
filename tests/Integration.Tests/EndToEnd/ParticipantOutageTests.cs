using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// The participants are down while orders arrive; one of them is cancelled meanwhile. When the participants come back, as
/// their own OS process, everything that waited in RabbitMQ is processed: nothing is lost, and the payment that the
/// cancelled order had already asked for is taken late and then refunded by the void its cancellation sent.
/// </summary>
[NonParallelizable]
public sealed class ParticipantOutageTests
{
    [Test]
    public async Task Participants_that_were_down_catch_up_and_a_late_payment_is_refunded()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);
        var kept = TestOrders.Valid();
        var cancelled = TestOrders.Valid();

        await system.Submit(kept);
        await system.Submit(cancelled);
        await system.WaitForState(kept.OrderId, "AwaitingPayment");
        await system.WaitForState(cancelled.OrderId, "AwaitingPayment");
        var response = await system.Cancel(cancelled.OrderId, "changed my mind");
        Assert.That(response.Is(out MassTransit.Response<OrderCancellationAccepted>? _), Is.True);
        // The cancelled order's payment is in doubt: it waits for its void, which queues behind the payment request.
        await system.WaitForState(cancelled.OrderId, "Compensating");
        await Poll.UntilAsync(async () => (await system.QueueDepths())[QueueNames.Payment] == 3,
            "both payment requests and the void wait in the broker");

        await system.StartParticipantsAsync(asProcess: true);

        var completed = await system.WaitForState(kept.OrderId, "Completed");
        var refunded = await WaitUntilRefunded(system, cancelled.OrderId);
        await using var payment = system.Payment();
        var ledger = await payment.LedgerEntries.Where(e => e.OrderId == cancelled.OrderId).Select(e => e.Kind.ToString()).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(completed.ShipmentId, Is.Not.Null);
            Assert.That(refunded.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(refunded.FailureReason, Is.EqualTo("cancelled: changed my mind"));
            Assert.That(ledger, Is.EquivalentTo(new[] { "Charge", "Refund" }).Or.Empty,
                "the void either refunds the charge or, when it ran first, keeps the payment from charging");
        });
    }

    static async Task<SagaOrchestrator.StateMachines.OrderState> WaitUntilRefunded(SagaSystem system, Guid orderId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            var order = await system.Find(orderId);
            if (order is { PaymentRefunded: true, CurrentState: "Compensated" })
                return order;
            await Task.Delay(50);
        }

        Assert.Fail($"order {orderId} was not refunded");
        return null!;
    }
}
