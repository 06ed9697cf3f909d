using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests;

/// <summary>
/// Delivery by the instance that consumed the message (<see cref="TransactionalOutboxOptions{TDbContext}.DeliverAfterCommit"/>):
/// right after the commit and before the acknowledgement it sends the batch in order and records it, while the batch's
/// lease keeps the delivery loop off it; the loop only gets what that did not send — after the lease when the instance
/// stopped mid-send, after the first back-off when the broker refused a send.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class AfterCommitDeliveryTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    static readonly TimeSpan _firstBackOff = TimeSpan.FromMilliseconds(100);

    // Whole seconds, which every provider stores exactly; only the test moves it.
    FakeWallClock _clock = null!;

    OutboxDelivery<LedgerDbContext> Delivery => Host.Services.GetRequiredService<OutboxDelivery<LedgerDbContext>>();

    TimeSpan Lease => Host.Services.GetRequiredService<TransactionalOutboxOptions<LedgerDbContext>>().DeliveryLease;

    DateTime Now => _clock.GetUtcNow().UtcDateTime;

    protected override void ConfigureHost(LedgerTestHostOptions options)
    {
        _clock = new FakeWallClock(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
        options.Clock = _clock;
        // No loop: whatever leaves, the consuming instance sent, or the test's own delivery passes.
        options.RunDeliveryService = false;
        // A held send must outlast the test's steps, not be cut short by the send timeout (real time) meanwhile.
        options.Outbox = outbox => outbox.MessageDeliveryTimeout = Eventually.Timeout;
    }

    [Test]
    public async Task The_consuming_instance_delivers_and_records_the_batch_before_it_acknowledges_the_message()
    {
        await Consume(new ScheduleInstalments("ACC-3001", 5));

        // Read at the acknowledgement, without waiting: sending and recording came before it.
        var sent = Host.Broker.Sent.Select(x => x.MessageId).ToList();
        var stored = await Host.OutboxMessages();
        var batches = await Host.Batches();
        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(5), "stored messages (kept for the retention)");
            Assert.That(sent, Is.EqualTo(stored.Select(x => x.MessageId)), "sent once each, in sequence order");
            Assert.That(stored.Select(x => x.DeliveredAt), Is.All.EqualTo(Now), "recorded as delivered");
            Assert.That(batches, Is.Empty, "batches left");
        });
        await Eventually.Until(() => Host.Consumed.Messages<InstalmentScheduled>().Count == 5, "all instalments arrived");
        Assert.That(Host.Consumed.Messages<InstalmentScheduled>().Select(x => x.Number), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public async Task A_batch_whose_instance_stopped_mid_send_waits_out_the_lease_and_is_then_delivered_once()
    {
        var messageId = NewId.NextGuid();
        var hold = Host.Broker.HoldNextSend();
        try
        {
            await Host.Publish(new ChargeCustomer("ACC-3002", 12.50m, "INV-30"), messageId);
            await Eventually.Until(() => hold.Reached.IsCompleted, "the consuming instance committed and froze in its send after the commit");

            var batch = (await Host.Batches()).Single();
            var duringLease = new List<DeliveryPassResult> { await Delivery.DeliverOnce(CancellationToken.None) };
            _clock.Advance(Lease - TimeSpan.FromMilliseconds(1));
            duringLease.Add(await Delivery.DeliverOnce(CancellationToken.None));
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            var atLeaseEnd = await Delivery.DeliverOnce(CancellationToken.None);
            var afterwards = await Delivery.DeliverOnce(CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(batch.AvailableAt, Is.EqualTo(batch.CreatedAt + Lease), "written under the lease");
                Assert.That(duringLease, Is.All.EqualTo(new DeliveryPassResult(0, 0, 0)), "passes within the lease");
                Assert.That(atLeaseEnd, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 1, FailedBatches: 0)), "pass once the lease passed");
                Assert.That(afterwards, Is.EqualTo(new DeliveryPassResult(0, 0, 0)), "pass after that");
            });
        }
        finally
        {
            // The frozen instance dies without having sent anything.
            hold.Abandon();
        }

        await Eventually.Until(() => Host.Consumed.Acknowledged<ChargeCustomer>(messageId) == 1, "the held consume ended");
        var stored = (await Host.OutboxMessages()).Single();
        var batches = await Host.Batches();
        Assert.Multiple(() =>
        {
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(new[] { stored.MessageId }), "sent once, by the delivery pass");
            Assert.That(stored.DeliveredAt, Is.EqualTo(Now), "recorded by the pass");
            Assert.That(batches, Is.Empty, "batches left");
        });
    }

    [Test]
    public async Task A_send_refused_after_commit_leaves_the_rest_of_the_batch_to_the_loop_after_the_first_back_off()
    {
        Host.Broker.BreakAfter(2);
        await Consume(new ScheduleInstalments("ACC-3003", 5));

        var failedAt = Now;
        var batch = (await Host.Batches()).Single();
        var stored = await Host.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(batch.DeliveryAttempts, Is.EqualTo(1), "delivery attempts");
            Assert.That(batch.LastError, Does.Contain("simulated outage"), "last error");
            Assert.That(batch.AvailableAt, Is.EqualTo(failedAt + _firstBackOff), "available after the first back-off, not the lease");
            Assert.That(stored.Select(x => x.DeliveredAt), Is.EqualTo(new DateTime?[] { failedAt, failedAt, null, null, null }), "recorded so far");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(stored.Take(2).Select(x => x.MessageId)), "sent so far");
            Assert.That(Host.Broker.FailedSends, Is.EqualTo(1), "refused sends");
        });

        Host.Broker.Restore();
        var withinBackOff = await Delivery.DeliverOnce(CancellationToken.None);
        _clock.Advance(_firstBackOff);
        var afterBackOff = await Delivery.DeliverOnce(CancellationToken.None);

        var delivered = await Host.OutboxMessages();
        var batches = await Host.Batches();
        Assert.Multiple(() =>
        {
            Assert.That(withinBackOff, Is.EqualTo(new DeliveryPassResult(0, 0, 0)), "pass within the back-off");
            Assert.That(afterBackOff, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 3, FailedBatches: 0)), "pass after the back-off");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(stored.Select(x => x.MessageId)), "each sent once, in order");
            Assert.That(delivered.Select(x => x.DeliveredAt), Is.EqualTo(new DateTime?[] { failedAt, failedAt, Now, Now, Now }), "recorded");
            Assert.That(batches, Is.Empty, "batches left");
        });
        await Eventually.Until(() => Host.Consumed.Messages<InstalmentScheduled>().Count == 5, "all instalments arrived");
        Assert.That(Host.Consumed.Messages<InstalmentScheduled>().Select(x => x.Number), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public async Task Without_retention_the_consuming_instance_deletes_what_it_delivered()
    {
        await RestartHost(options => options.Outbox += outbox => outbox.DeliveredRetention = TimeSpan.Zero);

        await Consume(new ScheduleInstalments("ACC-3004", 3));

        Assert.That(await Host.Snapshot(), Is.EqualTo(new LedgerSnapshot(Charges: 0, InboxRows: 1, OutboxMessages: 0, OutboxBatches: 0, Sent: 3)));
    }

    [Test]
    public async Task Without_delivery_after_commit_nothing_leaves_until_a_delivery_pass_runs()
    {
        await RestartHost(options => options.Outbox += outbox => outbox.DeliverAfterCommit = false);

        await Consume(new ScheduleInstalments("ACC-3005", 3));

        var waiting = await Host.Snapshot();
        var batch = (await Host.Batches()).Single();
        var pass = await Delivery.DeliverOnce(CancellationToken.None);

        var stored = await Host.OutboxMessages();
        var batches = await Host.Batches();
        Assert.Multiple(() =>
        {
            Assert.That(waiting, Is.EqualTo(new LedgerSnapshot(Charges: 0, InboxRows: 1, OutboxMessages: 3, OutboxBatches: 1, Sent: 0)), "acknowledged");
            Assert.That(batch.AvailableAt, Is.EqualTo(batch.CreatedAt), "available to the loop at once, no lease");
            Assert.That(pass, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 3, FailedBatches: 0)), "the delivery pass");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(stored.Select(x => x.MessageId)), "sent in order, by the pass");
            Assert.That(batches, Is.Empty, "batches left");
        });
    }

    /// <summary>Publishes <paramref name="message"/> and waits until its consume was acknowledged, without a fault.</summary>
    async Task Consume<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Host.Publish(message, messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<T>(messageId) == 1 || Host.Consumed.Faults.Count > 0,
            $"{typeof(T).Name} was consumed and acknowledged");
        Assert.That(Host.Consumed.Faults, Is.Empty, "faulted consumes");
    }
}
