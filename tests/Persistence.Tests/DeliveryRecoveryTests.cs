using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests;

/// <summary>
/// Recovery that nobody downstream notices: an instance restarting under its name sends at once what it had committed and
/// not sent (its leases are its own); an instance whose lease ran out stops sending and leaves the batch to the one that
/// took it over; leases and back-offs are judged on the database's clock, not on the instance's.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class DeliveryRecoveryTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    const string Instance = "ledger-1";

    // A lease far beyond the test's bounded waits: whatever is delivered within them was not waiting for the lease.
    static readonly TimeSpan _longLease = TimeSpan.FromMinutes(5);

    protected override void ConfigureHost(LedgerTestHostOptions options)
    {
        options.Outbox = outbox =>
        {
            outbox.InstanceId = Instance;
            outbox.DeliveryLease = _longLease;
            // A held send must outlast the test's steps, not be cut short by the send timeout meanwhile.
            outbox.MessageDeliveryTimeout = Eventually.Timeout;
        };
    }

    [Test]
    public async Task An_instance_restarted_under_its_name_delivers_at_once_what_it_had_committed_and_not_sent()
    {
        // The first run's delivery loop is as dead as the rest of it.
        await RestartHost(options => options.RunDeliveryService = false);
        var messageId = NewId.NextGuid();
        var hold = Host.Broker.HoldNextSend();
        try
        {
            // The first run commits the charge and freezes in the send after the commit: as far as the database can tell,
            // a process killed right there.
            await Host.Publish(new ChargeCustomer("ACC-4001", 19.90m, "INV-40"), messageId);
            await Eventually.Until(() => hold.Reached.IsCompleted, "the first run committed and froze in its send");
            var batch = (await Host.Batches()).Single();

            var restartedAt = Stopwatch.StartNew();
            await using var restarted = await LedgerTestHost.StartAsync(Database, ConfigureHost);
            await restarted.WaitForDelivery(sends: 1);
            var took = restartedAt.Elapsed;

            var stored = (await restarted.OutboxMessages()).Single();
            Assert.Multiple(() =>
            {
                Assert.That(batch.LeaseOwner, Is.EqualTo(Instance), "the lease names the instance");
                Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(5)), "delivered at start-up, not after the lease");
                Assert.That(restarted.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(new[] { stored.MessageId }), "sent once, by the restarted run");
                Assert.That(stored.DeliveredAt, Is.Not.Null, "recorded");
            });
        }
        finally
        {
            hold.Abandon();
        }

        // The first run's send fails late; it no longer holds the lease, so it records nothing over the delivery.
        await Eventually.Until(() => Host.Consumed.Acknowledged<ChargeCustomer>(messageId) == 1, "the first run's consume ended");
        Assert.Multiple(async () =>
        {
            Assert.That(await Host.Batches(), Is.Empty, "batches left");
            Assert.That((await Host.OutboxMessages()).Single().DeliveredAt, Is.Not.Null, "still recorded as delivered");
            Assert.That(Host.Broker.Sent, Is.Empty, "sent by the first run");
        });
    }

    [Test]
    public async Task An_instance_whose_lease_ran_out_mid_batch_stops_sending_and_leaves_the_batch_to_the_instance_that_took_it_over()
    {
        var clock = new FakeWallClock(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await RestartHost(options =>
        {
            options.Clock = clock;
            options.RunDeliveryService = false;
            options.Outbox += outbox => outbox.DeliveryLease = TimeSpan.FromSeconds(5);
        });

        var messageId = NewId.NextGuid();
        var hold = Host.Broker.HoldNextSend();
        SentMessage[] sentByTakeOver;
        try
        {
            await Host.Publish(new ScheduleInstalments("ACC-4002", 3), messageId);
            await Eventually.Until(() => hold.Reached.IsCompleted, "the consuming instance froze in its first send");

            // The instance stays frozen past its lease; another instance's pass takes the batch over and sends it all.
            clock.Advance(TimeSpan.FromSeconds(5));
            var takeOver = await Host.Services.GetRequiredService<OutboxDelivery<LedgerDbContext>>().DeliverOnce(CancellationToken.None);
            Assert.That(takeOver, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 3, FailedBatches: 0)), "the pass that took over");
            sentByTakeOver = [.. Host.Broker.Sent];
        }
        finally
        {
            // The frozen instance wakes up: its first send goes through, and then it sees that the batch is no longer its own.
            hold.Release();
        }

        await Eventually.Until(() => Host.Consumed.Acknowledged<ScheduleInstalments>(messageId) == 1, "the frozen consume ended");
        var stored = await Host.OutboxMessages();
        var ids = stored.Select(x => x.MessageId).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(sentByTakeOver.Select(x => x.MessageId), Is.EqualTo(ids), "sent by the pass, in order");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(ids.Append(ids[0])),
                "sent by the frozen instance afterwards: only the send it was in, none after it");
            Assert.That(await Host.Batches(), Is.Empty, "batches left");
            Assert.That(stored.Select(x => x.DeliveredAt), Has.None.Null, "recorded as delivered");
        });
    }

    [Test]
    public async Task A_batch_is_available_by_the_database_clock_however_wrong_the_instance_clock_is()
    {
        // The instance believes it is 2030; the database knows better.
        var clock = new FakeWallClock(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await RestartHost(options =>
        {
            options.Clock = clock;
            options.RunDeliveryService = false;
            options.Outbox += outbox => outbox.DeliverAfterCommit = false;
        });
        await Host.Services.GetRequiredService<DatabaseClock<LedgerDbContext>>().SynchronizeIfDue(CancellationToken.None);

        var messageId = NewId.NextGuid();
        var committedAt = DateTime.UtcNow;
        await Host.Publish(new ChargeCustomer("ACC-4003", 5m, "INV-41"), messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<ChargeCustomer>(messageId) == 1, "the charge was consumed");

        var batch = (await Host.Batches()).Single();
        var pass = await Host.Services.GetRequiredService<OutboxDelivery<LedgerDbContext>>().DeliverOnce(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(batch.CreatedAt.Year, Is.EqualTo(2030), "created at, by the instance's clock");
            Assert.That(batch.AvailableAt, Is.EqualTo(committedAt).Within(TimeSpan.FromSeconds(5)), "available at, by the database's clock");
            Assert.That(pass, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 1, FailedBatches: 0)), "the delivery pass");
        });
    }

    [Test]
    public async Task On_sqlite_a_delivery_pass_lets_other_writers_in_while_it_waits_for_the_broker()
    {
        if (Provider != DatabaseProvider.Sqlite)
            Assert.Ignore("The write gate exists only for SQLite");

        await RestartHost(options =>
        {
            options.RunDeliveryService = false;
            options.Outbox += outbox => outbox.DeliverAfterCommit = false;
        });
        var messageId = NewId.NextGuid();
        await Host.Publish(new ChargeCustomer("ACC-4004", 7m, "INV-42"), messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<ChargeCustomer>(messageId) == 1, "the charge was consumed");

        var hold = Host.Broker.HoldNextSend();
        var pass = Host.Services.GetRequiredService<OutboxDelivery<LedgerDbContext>>().DeliverOnce(CancellationToken.None);
        try
        {
            await Eventually.Until(() => hold.Reached.IsCompleted, "the pass waits for the broker");

            // Another writer of the same database gets in while the pass waits.
            await using var scope = Host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using (await SqliteDialect.Instance.EnterWriteAsync(db, bounded.Token))
            {
                db.Charges.Add(new Charge { Id = NewId.NextGuid(), AccountId = "ACC-4005", Amount = 1m, Reference = "INV-43" });
                await db.SaveChangesAsync(bounded.Token);
            }
        }
        finally
        {
            hold.Release();
        }

        Assert.That(await pass, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 1, FailedBatches: 0)), "the pass, once the broker confirmed");
        Assert.That(await Host.Query(db => db.Charges.CountAsync()), Is.EqualTo(2), "charges");
    }
}
