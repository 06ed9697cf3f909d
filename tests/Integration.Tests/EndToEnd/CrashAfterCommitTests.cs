using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Configuration;
using Saga.Participants.Payment.Consumers;
using Saga.Participants.Payment.Data;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// The payment participant commits a charge and its reply, then cannot hand the reply to the broker: RabbitMQ refuses the
/// participants' publishes (their user lost the right to write to message exchanges). The reply waits in the outbox with
/// its failed attempts, and reaches the saga exactly once when the broker takes it again — whether the participant kept
/// running meanwhile or was killed and restarted.
/// </summary>
/// <remarks>
/// The refused publish surfaces in MassTransit as a publisher-confirm failure (the broker closes the channel with 403
/// ACCESS_REFUSED), which MassTransit retries on a new channel until the outbox's per-message timeout ends the attempt;
/// the timeout is shortened here so that an attempt fails within seconds.
/// </remarks>
[NonParallelizable]
public sealed class CrashAfterCommitTests
{
    static readonly Dictionary<string, string?> QuickOutboxRetries = new()
    {
        ["Participants:Payment:Outbox:MessageDeliveryTimeout"] = "00:00:02",
        ["Participants:Payment:Outbox:MaxRedeliveryDelay"] = "00:00:01",
    };

    [Test]
    public async Task A_reply_the_broker_refuses_waits_in_the_outbox_and_is_delivered_once_when_the_broker_takes_it_again()
    {
        var settings = await SettingsWithOwnParticipantsUser();
        await using var system = await SagaSystem.StartAsync(settings);
        await using var replies = await MessageCapture.StartAsync(settings.VirtualHost, "Saga.Contracts:PaymentProcessed");
        await settings.ParticipantsUser!.DenyPublishingAsync();
        var order = TestOrders.Valid();

        await system.Submit(order);

        var stuck = await WaitForFailedDelivery(system, order.OrderId);
        await AssertCommittedButNotDelivered(system, replies, stuck);

        await settings.ParticipantsUser.AllowPublishingAsync();

        await system.WaitForState(order.OrderId, "Completed");
        await AssertDeliveredOnce(system, replies, stuck, await system.WaitUntilSettled());
    }

    [Test]
    public async Task Replies_stored_before_the_participants_are_killed_are_delivered_once_after_their_restart()
    {
        var settings = await SettingsWithOwnParticipantsUser();
        await using var system = await SagaSystem.StartAsync(settings, withParticipants: false);
        await using var replies = await MessageCapture.StartAsync(settings.VirtualHost, "Saga.Contracts:PaymentProcessed");
        await settings.ParticipantsUser!.DenyPublishingAsync();
        // The payment service runs as its own OS process, the one that is killed; inventory and shipping run in this one.
        await system.StartParticipantsAsync(only: [ParticipantKind.Inventory, ParticipantKind.Shipping]);
        await system.StartParticipantsAsync(asProcess: true, ParticipantKind.Payment);
        var order = TestOrders.Valid();

        await system.Submit(order);

        var stuck = await WaitForFailedDelivery(system, order.OrderId);
        await AssertCommittedButNotDelivered(system, replies, stuck);

        await system.KillParticipantsProcessAsync();
        await settings.ParticipantsUser.AllowPublishingAsync();
        await system.StartParticipantsAsync(asProcess: true, ParticipantKind.Payment);

        await system.WaitForState(order.OrderId, "Completed");
        await AssertDeliveredOnce(system, replies, stuck, await system.WaitUntilSettled());
    }

    static async Task<SagaSystemSettings> SettingsWithOwnParticipantsUser()
    {
        var settings = await SagaSystemSettings.CreateAsync();
        return settings with { ParticipantsUser = await BrokerUser.CreateAsync(settings.VirtualHost), Overrides = QuickOutboxRetries };
    }

    /// <summary>Waits until the payment participant's outbox recorded a failed attempt to deliver its reply for the order.</summary>
    static async Task<StuckReply> WaitForFailedDelivery(SagaSystem system, Guid orderId)
    {
        StuckReply? stuck = null;
        await Poll.UntilAsync(async () =>
        {
            await using var payment = system.Payment();
            var failed = await payment.Set<OutboxBatch>().AsNoTracking().Where(b => b.DeliveryAttempts > 0).ToListAsync();
            foreach (var batch in failed)
            {
                var messages = await payment.Set<OutboxMessage>().AsNoTracking().Where(m => m.OutboxId == batch.OutboxId).ToListAsync();
                if (messages.Any(m => m.Body.Contains(orderId.ToString(), StringComparison.OrdinalIgnoreCase)))
                    stuck = new StuckReply(orderId, batch, messages);
            }

            return stuck is not null;
        }, $"the payment participant's outbox failed to deliver its reply for order {orderId}");
        return stuck!;
    }

    static async Task AssertCommittedButNotDelivered(SagaSystem system, MessageCapture replies, StuckReply stuck)
    {
        await using var payment = system.Payment();
        var ledger = await payment.LedgerEntries.AsNoTracking().Where(e => e.OrderId == stuck.OrderId).Select(e => e.Kind).ToListAsync();
        var inbox = await payment.Set<InboxMessage>().AsNoTracking().Where(m => m.MessageId == stuck.Batch.InboxMessageId).ToListAsync();
        var saga = await system.Find(stuck.OrderId);
        var captured = await replies.CollectAsync(stuck.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(ledger, Is.EqualTo(new[] { LedgerEntryKind.Charge }), "the charge is committed");
            Assert.That(inbox.Select(m => m.ConsumerType), Has.Exactly(1).Contains(nameof(ProcessPaymentConsumer)),
                "the command's inbox row is committed with it");
            Assert.That(stuck.Messages.Select(m => m.MessageType), Has.Exactly(1).Contains("urn:message:Saga.Contracts:PaymentProcessed"),
                "the reply is stored in the outbox");
            Assert.That(stuck.Messages.Select(m => m.DeliveredAt), Is.All.Null, "and not delivered");
            Assert.That(stuck.Batch.LastError, Is.Not.Null.And.Not.Empty, "the failed attempt says why, for an operator");
            Assert.That(captured, Is.Empty, "the broker has not taken the reply");
            Assert.That(saga?.CurrentState, Is.EqualTo("AwaitingPayment"), "the saga is still waiting for it");
        });
    }

    static async Task AssertDeliveredOnce(SagaSystem system, MessageCapture replies, StuckReply stuck, IReadOnlyDictionary<string, long> depths)
    {
        await using var payment = system.Payment();
        var stored = stuck.Messages.Select(m => m.MessageId).ToList();
        var delivered = await payment.Set<OutboxMessage>().AsNoTracking().Where(m => stored.Contains(m.MessageId)).ToListAsync();
        var captured = await replies.CollectAsync(stuck.OrderId);
        var inbox = await payment.Set<InboxMessage>().CountAsync(m => m.MessageId == stuck.Batch.InboxMessageId);
        await using var orchestrator = system.Orchestrator();
        var transitions = await orchestrator.Transitions.AsNoTracking().Where(t => t.CorrelationId == stuck.OrderId).Select(t => t.ToState).ToListAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(captured.Select(m => m.MessageId), Is.EqualTo(stored), "the stored reply, and only it, reached the broker, once");
            Assert.That(delivered.Select(m => m.DeliveredAt), Is.All.Not.Null, "and is recorded as delivered");
            Assert.That(await payment.Set<OutboxBatch>().AnyAsync(b => b.OutboxId == stuck.Batch.OutboxId), Is.False, "its batch is done");
            Assert.That(await payment.LedgerEntries.CountAsync(e => e.OrderId == stuck.OrderId), Is.EqualTo(1), "charged once");
            Assert.That(inbox, Is.EqualTo(1), "the command took effect once");
            Assert.That(transitions, Is.EqualTo(new[] { "AwaitingPayment", "AwaitingFraudCheck", "AwaitingInventory", "AwaitingShipment", "Completed" }),
                "the saga took each step once");
            Assert.That(depths.GetValueOrDefault($"{QueueNames.Payment}_error") + depths.GetValueOrDefault($"{QueueNames.Orders}_error"), Is.Zero);
        });
    }
}
