using MassTransit;
using MassTransit.Middleware.Outbox;
using MassTransit.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests;

/// <summary>
/// Several delivery instances on one outbox (several replicas of a service) share the waiting batches without sending
/// any message twice: on PostgreSQL through <c>FOR UPDATE SKIP LOCKED</c>, on SQLite through its single writer.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class ConcurrentDeliveryTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    const int Batches = 200;
    const int MessagesPerBatch = 3;

    // The test drives delivery itself: the only senders are the two instances below.
    protected override void ConfigureHost(LedgerTestHostOptions options) => options.RunDeliveryService = false;

    [Test]
    public async Task Two_delivery_instances_never_send_the_same_message_twice()
    {
        var written = await WriteBatches();
        Assert.That(written, Has.Count.EqualTo(Batches * MessagesPerBatch).And.Unique, "written message ids");

        var totals = await Task.WhenAll(DeliverUntilEmpty(NewDelivery("instance-a")), DeliverUntilEmpty(NewDelivery("instance-b")));
        TestContext.Out.WriteLine($"instance 1: {totals[0]}; instance 2: {totals[1]}");

        var sentTwice = Host.Broker.Sent.GroupBy(x => x.MessageId).Where(x => x.Count() > 1).Select(x => x.Key).ToList();
        var stored = await Host.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(sentTwice, Is.Empty, "messages sent more than once");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EquivalentTo(written), "every message sent exactly once");
            Assert.That(totals.Sum(x => x.Batches), Is.EqualTo(Batches), "batches the instances locked");
            Assert.That(totals.Sum(x => x.Messages), Is.EqualTo(Batches * MessagesPerBatch), "messages the instances reported delivered");
            Assert.That(totals.Sum(x => x.FailedBatches), Is.Zero, "failed batches");
            Assert.That(stored.Where(x => x.DeliveredAt is null), Is.Empty, "messages left undelivered");
        });
        Assert.That(await Host.Batches(), Is.Empty, "batches left");
    }

    /// <summary>Writes the batches as committed units of work would: each through its own <see cref="OutboxWriter"/>, saved together.</summary>
    async Task<List<Guid>> WriteBatches()
    {
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            for (var batch = 0; batch < Batches; batch++)
            {
                var writer = new OutboxWriter(db, TimeProvider.System);
                var publish = new PublishEndpoint(new OutboxPublishEndpointProvider(new OutboxWriterSendContext(writer, scope.ServiceProvider), Host.Harness.Bus));
                for (var message = 0; message < MessagesPerBatch; message++)
                    await publish.Publish(new ChargeRecorded(NewId.NextGuid(), $"ACC-{batch}", message, $"INV-{batch}-{message}"), CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        return await Host.Query(db => db.Set<OutboxMessage>().Select(x => x.MessageId).ToListAsync());
    }

    OutboxDelivery<LedgerDbContext> NewDelivery(string instanceId)
    {
        var scopeFactory = Host.Services.GetRequiredService<IServiceScopeFactory>();
        var dialect = Host.Services.GetRequiredService<DbContextDialect<LedgerDbContext>>();
        return new OutboxDelivery<LedgerDbContext>(scopeFactory, dialect, Host.Broker,
            // Small passes, so that the instances contend for the table many times over.
            new TransactionalOutboxOptions<LedgerDbContext> { DeliveryBatchSize = 7, DeliveryConcurrency = 4, InstanceId = instanceId },
            TimeProvider.System, new DatabaseClock<LedgerDbContext>(scopeFactory, dialect, TimeProvider.System),
            Host.Services.GetRequiredService<ILogger<OutboxDelivery<LedgerDbContext>>>());
    }

    /// <summary>
    /// Runs passes until one finds nothing and nothing is left: a pass also finds nothing while the other instance holds
    /// every remaining batch, and then this one keeps trying.
    /// </summary>
    async Task<DeliveryPassResult> DeliverUntilEmpty(OutboxDelivery<LedgerDbContext> delivery)
    {
        var deadline = DateTime.UtcNow + Eventually.Timeout;
        var (batches, messages, failed) = (0, 0, 0);
        while (true)
        {
            var pass = await delivery.DeliverOnce(CancellationToken.None);
            (batches, messages, failed) = (batches + pass.Batches, messages + pass.Messages, failed + pass.FailedBatches);
            if (pass.Batches == 0 && !await Host.Query(db => db.Set<OutboxBatch>().AnyAsync()))
                return new DeliveryPassResult(batches, messages, failed);
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"The outbox was not empty after {Eventually.Timeout.TotalSeconds:0} s of delivery passes");
        }
    }
}
