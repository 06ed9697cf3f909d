using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Persistence.Inbox;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// Ten copies of one <c>SubmitOrder</c> message (one message id) arriving at once start one saga that takes each step once:
/// the orchestrator's inbox lets one copy through, and the broker sees one command per step and one reply per command.
/// </summary>
[NonParallelizable]
public sealed class DuplicateSubmitOrderTests
{
    [Test]
    public async Task Ten_copies_of_one_SubmitOrder_message_at_once_start_one_saga_that_takes_each_step_once()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync());
        // The exchanges in front of the participants' queues: every command the orchestrator sends passes there.
        await using var commands = await MessageCapture.StartAsync(system.Settings.VirtualHost, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping);
        await using var replies = await MessageCapture.StartAsync(system.Settings.VirtualHost,
            "Saga.Contracts:PaymentProcessed", "Saga.Contracts:FraudCheckPassed", "Saga.Contracts:InventoryReserved", "Saga.Contracts:ShipmentScheduled");
        var order = TestOrders.Valid();
        var messageId = NewId.NextGuid();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => system.Client.Publish(order, context => context.MessageId = messageId)));

        await system.WaitForState(order.OrderId, "Completed");
        var depths = await system.WaitUntilSettled();
        await using var orchestrator = system.Orchestrator();
        await using var payment = system.Payment();
        await using var inventory = system.Inventory();
        await using var shipping = system.Shipping();
        var transitions = await orchestrator.Transitions.AsNoTracking().Where(t => t.CorrelationId == order.OrderId).OrderBy(t => t.Id)
            .Select(t => t.FromState + " -> " + t.ToState).ToListAsync();
        var sent = await commands.CollectAsync(order.OrderId);
        var answered = await replies.CollectAsync(order.OrderId);
        Assert.Multiple(async () =>
        {
            Assert.That(await orchestrator.Orders.CountAsync(o => o.CorrelationId == order.OrderId), Is.EqualTo(1), "one saga");
            Assert.That(transitions, Is.EqualTo(new[]
            {
                "Initial -> AwaitingPayment", "AwaitingPayment -> AwaitingFraudCheck", "AwaitingFraudCheck -> AwaitingInventory",
                "AwaitingInventory -> AwaitingShipment",
                "AwaitingShipment -> Completed",
            }), "one transition per step");
            Assert.That(await orchestrator.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId), Is.EqualTo(1),
                "the orchestrator's inbox let one copy through");
            Assert.That(sent.Select(m => m.Exchange), Is.EqualTo(new[] { QueueNames.Payment, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping }),
                "one command per step, in order (the fraud check runs on the payment queue)");
            Assert.That(answered.Select(m => m.Exchange), Is.EquivalentTo(new[]
            {
                "Saga.Contracts:PaymentProcessed", "Saga.Contracts:FraudCheckPassed", "Saga.Contracts:InventoryReserved",
                "Saga.Contracts:ShipmentScheduled",
            }), "one reply per command");
            Assert.That(await payment.LedgerEntries.CountAsync(e => e.OrderId == order.OrderId), Is.EqualTo(1), "one charge");
            Assert.That(await inventory.Reservations.CountAsync(r => r.OrderId == order.OrderId), Is.EqualTo(1), "one reservation");
            Assert.That(await shipping.Shipments.CountAsync(s => s.OrderId == order.OrderId), Is.EqualTo(1), "one shipment");
            Assert.That(depths.GetValueOrDefault($"{QueueNames.Orders}_error"), Is.Zero, "no copy faulted");
        });
    }
}
