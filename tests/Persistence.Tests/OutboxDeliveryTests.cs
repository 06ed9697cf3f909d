using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests;

/// <summary>
/// Delivery by the hosted loop: what a consumer sent leaves after commit, in order, and exactly once — also when the
/// broker is unreachable for a while, in which case the state stays committed and the messages wait in the outbox.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class OutboxDeliveryTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    [Test]
    public async Task Messages_that_cannot_be_delivered_wait_in_the_outbox_and_leave_once_when_the_broker_is_back()
    {
        var command = new ChargeCustomer("ACC-1002", 19.99m, "INV-8");
        Host.Broker.BreakAfter(0);

        await Host.Publish(command, NewId.NextGuid());
        await Eventually.Until(async () => (await Host.Batches()).Any(x => x.DeliveryAttempts >= 2), "delivery failed and was retried");

        // The consumer's state was committed although nothing could be published.
        var ledger = await Host.Snapshot();
        var batch = (await Host.Batches()).Single();
        var waiting = (await Host.OutboxMessages()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(ledger, Is.EqualTo(new LedgerSnapshot(Charges: 1, InboxRows: 1, OutboxMessages: 1, OutboxBatches: 1, Sent: 0)));
            Assert.That(batch.LastError, Does.Contain("simulated outage"));
            Assert.That(batch.AvailableAt, Is.GreaterThan(batch.CreatedAt), "pushed back after the failure");
            Assert.That(waiting.OutboxId, Is.EqualTo(batch.OutboxId));
            Assert.That(waiting.DeliveredAt, Is.Null);
            Assert.That(Host.Broker.FailedSends, Is.GreaterThanOrEqualTo(2));
        });

        Host.Broker.Restore();
        await Host.WaitForDelivery(sends: 1);

        var delivered = (await Host.OutboxMessages()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(new[] { waiting.MessageId }), "sent");
            Assert.That(delivered.DeliveredAt, Is.Not.Null);
        });
        await Eventually.Until(() => Host.Consumed.Messages<ChargeRecorded>().Count > 0, "ChargeRecorded arrived");
        Assert.That(Host.Consumed.Messages<ChargeRecorded>().Single().Reference, Is.EqualTo(command.Reference));
    }

    [Test]
    public async Task A_batch_interrupted_midway_resumes_after_the_last_message_the_broker_accepted()
    {
        Host.Broker.BreakAfter(2);

        await Host.Publish(new ScheduleInstalments("ACC-1003", 5), NewId.NextGuid());
        await Eventually.Until(async () => (await Host.Batches()).Any(x => x.DeliveryAttempts >= 2), "delivery failed and was retried");

        var stored = await Host.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(x => x.DeliveredAt is not null), Is.EqualTo(new[] { true, true, false, false, false }), "delivered so far");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(stored.Take(2).Select(x => x.MessageId)), "sent so far");
        });

        Host.Broker.Restore();
        await Host.WaitForDelivery(sends: 5);

        Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(stored.Select(x => x.MessageId)), "each sent once, in order");
        await Eventually.Until(() => Host.Consumed.Messages<InstalmentScheduled>().Count == 5, "all instalments arrived");
        Assert.That(Host.Consumed.Messages<InstalmentScheduled>().Select(x => x.Number), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public async Task Messages_of_one_consumed_message_are_delivered_in_the_order_they_were_published()
    {
        await Host.Publish(new ScheduleInstalments("ACC-1004", 5), NewId.NextGuid());
        await Host.WaitForDelivery(sends: 5);

        var stored = await Host.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(x => x.OutboxId).Distinct().Count(), Is.EqualTo(1), "one batch");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(stored.Select(x => x.MessageId)), "sent in sequence order");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageType), Is.All.EqualTo("urn:message:Saga.Persistence.Tests.Ledger.Messages:InstalmentScheduled"));
        });
        await Eventually.Until(() => Host.Consumed.Messages<InstalmentScheduled>().Count == 5, "all instalments arrived");
        Assert.That(Host.Consumed.Messages<InstalmentScheduled>().Select(x => x.Number), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public async Task Without_retention_delivered_messages_are_deleted_on_delivery()
    {
        await RestartHost(options => options.Outbox = outbox => outbox.DeliveredRetention = TimeSpan.Zero);

        await Host.Publish(new ScheduleInstalments("ACC-1005", 3), NewId.NextGuid());
        await Host.WaitForDelivery(sends: 3);

        Assert.That(await Host.Snapshot(), Is.EqualTo(new LedgerSnapshot(Charges: 0, InboxRows: 1, OutboxMessages: 0, OutboxBatches: 0, Sent: 3)));
    }
}
