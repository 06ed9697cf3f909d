using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;

namespace Saga.Participants.Tests.Messaging;

/// <summary>
/// <c>Participants:{Name}:Outbox:Enabled</c>: on by default, each consumed message goes through the participant's
/// transactional inbox and outbox; off (the benchmark baseline), replies still go out but no inbox or outbox row is written.
/// </summary>
public sealed class OutboxSettingTests
{
    static Task<int> Rows<TContext, TRow>(ParticipantsTestHost host)
        where TContext : DbContext
        where TRow : class =>
        host.Query<TContext, int>(db => db.Set<TRow>().CountAsync());

    [Test]
    public async Task With_the_outbox_off_a_reply_is_sent_and_no_inbox_or_outbox_row_is_written()
    {
        await using var host = await ParticipantsTestHost.StartAsync(new Dictionary<string, string?> { ["Participants:Payment:Outbox:Enabled"] = "false" });
        var orderId = Guid.NewGuid();

        await host.Send(QueueNames.Payment, new ProcessPayment(orderId, ParticipantSeedData.WellFundedCustomerId, 10m, "EUR"));

        Assert.That(await host.Harness.Published.Any<PaymentProcessed>(x => x.Context.Message.OrderId == orderId), Is.True, "PaymentProcessed");
        Assert.Multiple(async () =>
        {
            Assert.That(await host.Query<PaymentDbContext, int>(db => db.PaymentRecords.CountAsync(r => r.OrderId == orderId)), Is.EqualTo(1),
                "the payment itself is still recorded");
            Assert.That(await Rows<PaymentDbContext, InboxMessage>(host), Is.Zero, "inbox_messages");
            Assert.That(await Rows<PaymentDbContext, OutboxMessage>(host), Is.Zero, "outbox_messages");
            Assert.That(await Rows<PaymentDbContext, OutboxBatch>(host), Is.Zero, "outbox_batches");
        });
    }

    [Test]
    public async Task The_outbox_is_on_by_default_and_per_participant()
    {
        // Only payment's is switched off: inventory, with no setting of its own, keeps its inbox and outbox.
        await using var host = await ParticipantsTestHost.StartAsync(new Dictionary<string, string?> { ["Participants:Payment:Outbox:Enabled"] = "false" });
        var orderId = Guid.NewGuid();

        await host.Send(QueueNames.Inventory, new ReserveInventory(orderId, [new OrderItem(ParticipantSeedData.WellStockedSku, 1, 49.90m)]));

        Assert.That(await host.Harness.Consumed.Any<InventoryReserved>(x => x.Context.Message.OrderId == orderId), Is.True, "InventoryReserved");
        Assert.Multiple(async () =>
        {
            Assert.That(await Rows<InventoryDbContext, InboxMessage>(host), Is.EqualTo(1), "inbox_messages");
            Assert.That(await Rows<InventoryDbContext, OutboxMessage>(host), Is.EqualTo(1), "outbox_messages");
        });
    }
}
