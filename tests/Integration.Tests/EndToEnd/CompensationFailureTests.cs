using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Configuration;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// A compensation the participant keeps refusing ends in CompensationFailed, visible to an operator, and the failed
/// command waits in the participant's error queue.
/// </summary>
[NonParallelizable]
public sealed class CompensationFailureTests
{
    [Test]
    public async Task A_refund_the_payment_participant_refuses_ends_in_compensation_failed()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);
        // Only payment runs, so the order waits for its reservation after being charged.
        await system.StartParticipantsAsync(only: ParticipantKind.Payment);
        var order = TestOrders.Valid();
        await system.Submit(order);
        await system.WaitForState(order.OrderId, "AwaitingInventory");

        // The payment's record no longer matches what the saga holds (say, a botched manual fix): the refund must not guess.
        await using (var payment = system.Payment())
        {
            await payment.Database.ExecuteSqlRawAsync("UPDATE payment_records SET payment_id = {0} WHERE order_id = {1}", Guid.NewGuid(), order.OrderId);
        }

        var response = await system.Cancel(order.OrderId, "changed my mind");
        Assert.That(response.Is(out MassTransit.Response<OrderCancellationAccepted>? _), Is.True);
        // The reservation in flight is released first; the test answers for the inventory participant, which does not run.
        await system.Client.Publish(new InventoryReleased(order.OrderId, null));

        var saga = await system.WaitForState(order.OrderId, "CompensationFailed");
        await system.WaitForQueueDepth($"{QueueNames.Payment}_error", 1, "the refused refund waits for an operator");
        Assert.Multiple(() =>
        {
            Assert.That(saga.CompensationError, Does.StartWith("Payment compensation failed: System.InvalidOperationException"));
            Assert.That(saga.FailureReason, Is.EqualTo("cancelled: changed my mind"));
            Assert.That(saga.PaymentRefunded, Is.False);
        });
    }
}
