using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Persistence.Inbox;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests;

/// <summary>
/// The inbox: a consumed message takes effect exactly once, however often and however concurrently it is delivered,
/// and an attempt that fails before its commit leaves nothing behind.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class InboxTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    static readonly ChargeCustomer _charge = new("ACC-1001", 42.50m, "INV-7");

    [Test]
    public async Task A_redelivered_message_takes_effect_once_and_is_acknowledged()
    {
        var messageId = NewId.NextGuid();

        await Host.Publish(_charge, messageId);
        await Host.WaitForDelivery(sends: 1);
        await Host.Publish(_charge, messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<ChargeCustomer>(messageId) == 2, "the redelivered copy was acknowledged");

        var ledger = await Host.Snapshot();
        var inbox = await Host.Query(db => db.Set<InboxMessage>().AsNoTracking().ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(ledger, Is.EqualTo(new LedgerSnapshot(Charges: 1, InboxRows: 1, OutboxMessages: 1, OutboxBatches: 0, Sent: 1)));
            Assert.That(inbox.Single().MessageId, Is.EqualTo(messageId));
            Assert.That(inbox.Single().ConsumerType, Does.Contain("ChargeCustomerConsumer"));
            Assert.That(Host.Consumed.Faults, Is.Empty, "faulted deliveries");
        });
        await AssertChargeRecordedArrivedOnce();
    }

    [Test]
    public async Task Ten_concurrent_copies_of_a_message_take_effect_once()
    {
        const int copies = 10;
        var messageId = NewId.NextGuid();

        // On PostgreSQL all copies are made to be inside their transactions at once, racing on the inbox row. On SQLite
        // the copies queue on the process's write gate before they begin one, so there the outcome alone is checked.
        var racing = Provider == DatabaseProvider.PostgreSql;
        if (racing)
            Host.Contention.Arm(copies);
        await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => Host.Publish(_charge, messageId)));
        await Eventually.Until(() => Host.Consumed.Acknowledged<ChargeCustomer>(messageId) + Host.Consumed.Faults.Count >= copies,
            "every copy was consumed");
        await Host.WaitForDelivery(sends: 1);

        var ledger = await Host.Snapshot();
        Assert.Multiple(() =>
        {
            if (racing)
            {
                Assert.That(Host.Contention.ContendersOverlapped, Is.True,
                    $"all copies were in their inbox transactions at once ({Host.Contention.ContendersStarted} began one)");
            }

            Assert.That(ledger, Is.EqualTo(new LedgerSnapshot(Charges: 1, InboxRows: 1, OutboxMessages: 1, OutboxBatches: 0, Sent: 1)));
            Assert.That(Host.Consumed.Acknowledged<ChargeCustomer>(messageId), Is.EqualTo(copies), "acknowledged copies");
            Assert.That(Host.Consumed.Faults, Is.Empty, "faulted copies");
        });
        await AssertChargeRecordedArrivedOnce();
    }

    [Test]
    public async Task A_crash_before_commit_leaves_nothing_and_the_retry_takes_effect_once([Values] CrashPoint crashPoint)
    {
        var messageId = NewId.NextGuid();

        Host.Crashes.Arm(crashPoint);
        await Host.Publish(_charge, messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<ChargeCustomer>(messageId) == 1 || Host.Consumed.Faults.Count > 0,
            "the message was consumed");
        await Host.WaitForDelivery(sends: 1);

        var ledger = await Host.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(Host.Crashes.Crashed, Is.EqualTo(new[] { crashPoint }), "crashes");
            // Taken after the crashed attempt, before the retry: its inbox row, charge and outbox rows are all gone, and
            // the event it published never left.
            Assert.That(Host.StateBeforeRetry.Snapshots, Is.EqualTo(new[] { LedgerSnapshot.Empty }), "state before the retry");
            Assert.That(ledger, Is.EqualTo(new LedgerSnapshot(Charges: 1, InboxRows: 1, OutboxMessages: 1, OutboxBatches: 0, Sent: 1)));
            Assert.That(Host.Consumed.Faults, Is.Empty, "faulted deliveries");
            Assert.That(Host.Harness.Published.Select<Fault<ChargeCustomer>>(new CancellationToken(true)), Is.Empty, "published faults");
        });
        await AssertChargeRecordedArrivedOnce();
    }

    async Task AssertChargeRecordedArrivedOnce()
    {
        // The broker accepted exactly one ChargeRecorded (asserted above), so at most one can arrive.
        await Eventually.Until(() => Host.Consumed.Messages<ChargeRecorded>().Count > 0, "ChargeRecorded arrived");
        var charge = await Host.Query(db => db.Charges.AsNoTracking().SingleAsync());
        Assert.That(Host.Consumed.Messages<ChargeRecorded>(),
            Is.EqualTo(new[] { new ChargeRecorded(charge.Id, _charge.AccountId, _charge.Amount, _charge.Reference) }));
    }
}
