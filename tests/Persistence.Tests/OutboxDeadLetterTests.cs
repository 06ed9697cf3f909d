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
/// A batch that fails every allowed attempt is dead: kept with its messages, no longer retried, listed for an operator,
/// and delivered once requeued.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class OutboxDeadLetterTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    readonly FakeWallClock _clock = new(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero));

    OutboxDelivery<LedgerDbContext> Delivery => Host.Services.GetRequiredService<OutboxDelivery<LedgerDbContext>>();

    OutboxDeadLetters<LedgerDbContext> DeadLetters => Host.Services.GetRequiredService<OutboxDeadLetters<LedgerDbContext>>();

    protected override void ConfigureHost(LedgerTestHostOptions options)
    {
        options.Clock = _clock;
        options.RunDeliveryService = false;
        options.Outbox = outbox => outbox.MaxDeliveryAttempts = 2;
    }

    [Test]
    public async Task A_batch_that_failed_every_allowed_attempt_is_dead_until_an_operator_requeues_it()
    {
        Host.Broker.BreakAfter(0);
        var messageId = NewId.NextGuid();
        await Host.Publish(new ChargeCustomer("ACC-7001", 99m, "INV-70"), messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<ChargeCustomer>(messageId) == 1, "the charge was consumed");

        // Attempt 1 was the send after the commit; attempt 2 is the loop's, after the back-off.
        _clock.Advance(TimeSpan.FromSeconds(1));
        var lastAttempt = await Delivery.DeliverOnce(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var later = await Delivery.DeliverOnce(CancellationToken.None);
        var dead = await DeadLetters.List();

        Assert.Multiple(() =>
        {
            Assert.That(lastAttempt, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 0, FailedBatches: 1)), "the last allowed attempt");
            Assert.That(later, Is.EqualTo(new DeliveryPassResult(0, 0, 0)), "a pass an hour later");
            Assert.That(dead, Has.Count.EqualTo(1), "dead batches");
            Assert.That(dead[0].Batch.DeliveryAttempts, Is.EqualTo(2), "attempts");
            Assert.That(dead[0].Batch.DeadAt, Is.Not.Null, "dead at");
            Assert.That(dead[0].Batch.LastError, Does.Contain("simulated outage"), "last error");
            Assert.That(dead[0].Messages.Select(x => x.MessageType), Is.EqualTo(new[] { "urn:message:Saga.Persistence.Tests.Ledger.Messages:ChargeRecorded" }),
                "its messages, kept");
            Assert.That(Host.Broker.FailedSends, Is.EqualTo(2), "sends tried");
        });

        Host.Broker.Restore();
        var requeued = await DeadLetters.Requeue([]);
        var afterRequeue = await Delivery.DeliverOnce(CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(requeued, Is.EqualTo(1), "requeued");
            Assert.That(afterRequeue, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 1, FailedBatches: 0)), "the pass after the requeue");
            Assert.That(await DeadLetters.List(), Is.Empty, "dead batches left");
            Assert.That(await Host.Batches(), Is.Empty, "batches left");
            Assert.That(Host.Broker.Sent, Has.Count.EqualTo(1), "sent");
        });
    }
}
