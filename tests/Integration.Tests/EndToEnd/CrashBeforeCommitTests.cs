using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Configuration;
using Saga.Participants.Payment.Consumers;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// The payment service's process dies while its consumer is inside its transaction, having claimed the command's inbox row
/// (held there by a lock on the next table it reads): nothing of that attempt is stored or sent, RabbitMQ keeps the
/// unacknowledged command, and after the restart the redelivered command takes effect once.
/// </summary>
[NonParallelizable]
public sealed class CrashBeforeCommitTests
{
    [Test]
    public async Task A_payment_killed_before_its_commit_leaves_nothing_behind_and_takes_effect_once_when_redelivered()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);
        await using var commands = await MessageCapture.StartAsync(system.Settings.VirtualHost, QueueNames.Payment);
        await using var replies = await MessageCapture.StartAsync(system.Settings.VirtualHost, "Saga.Contracts:PaymentProcessed");
        // The payment service runs as its own OS process, the one that is killed; inventory and shipping run in this one.
        await system.StartParticipantsAsync(only: [ParticipantKind.Inventory, ParticipantKind.Shipping]);
        await system.StartParticipantsAsync(asProcess: true, ParticipantKind.Payment);
        var order = TestOrders.Valid();
        await using var paymentRecords = await TableLock.AcquireAsync(system.Settings.PaymentDatabase, "payment_records");

        await system.Submit(order);
        await paymentRecords.WaitForWaitersAsync();
        Assert.That(await paymentRecords.WaitersHaveWrittenToAsync("inbox_messages"), Is.True,
            "the consumer claimed the command's inbox row in the transaction that now waits for payment_records");
        await system.KillParticipantsProcessAsync();
        await paymentRecords.ReleaseAsync();
        await paymentRecords.WaitUntilWaitersEndedAsync();

        await system.WaitForQueueDepth(QueueNames.Payment, 1, "RabbitMQ holds the command for redelivery: it was never acknowledged");
        await using (var payment = system.Payment())
        {
            var inbox = await payment.Set<InboxMessage>().CountAsync();
            var batches = await payment.Set<OutboxBatch>().CountAsync();
            var outgoing = await payment.Set<OutboxMessage>().CountAsync();
            var charges = await payment.LedgerEntries.CountAsync(e => e.OrderId == order.OrderId);
            var records = await payment.PaymentRecords.CountAsync(r => r.OrderId == order.OrderId);
            var sentReplies = await replies.CollectAsync(order.OrderId);
            Assert.Multiple(() =>
            {
                Assert.That(inbox, Is.Zero, "the inbox row of the killed attempt rolled back with it");
                Assert.That(batches + outgoing, Is.Zero, "nothing of it waits in the outbox");
                Assert.That(charges + records, Is.Zero, "nothing of it was charged");
                Assert.That(sentReplies, Is.Empty, "nothing of it was sent");
            });
        }

        await system.StartParticipantsAsync(asProcess: true, ParticipantKind.Payment);

        await system.WaitForState(order.OrderId, "Completed");
        var depths = await system.WaitUntilSettled();
        await using var after = system.Payment();
        var consumed = await after.Set<InboxMessage>().AsNoTracking().Select(m => m.ConsumerType).ToListAsync();
        var sent = (await commands.CollectAsync(order.OrderId)).Where(m => m.MessageType == "urn:message:Saga.Contracts:ProcessPayment").ToList();
        var answered = await replies.CollectAsync(order.OrderId);
        Assert.Multiple(async () =>
        {
            Assert.That(sent, Has.Count.EqualTo(1), "the orchestrator sent the command once: what ran after the restart was its redelivery");
            Assert.That(consumed, Has.Exactly(1).Contains(nameof(ProcessPaymentConsumer)), "it took effect once");
            Assert.That(await after.LedgerEntries.CountAsync(e => e.OrderId == order.OrderId), Is.EqualTo(1), "one charge");
            Assert.That(answered, Has.Count.EqualTo(1), "one reply");
            Assert.That(depths.GetValueOrDefault($"{QueueNames.Payment}_error"), Is.Zero);
        });
    }
}
