using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Support;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests;

/// <summary>
/// Cleanup keeps the inbox and the delivered outbox messages bounded: it removes what is older than the duplicate-detection
/// window or the delivered retention, keeps everything newer and everything still waiting for delivery, and gets through
/// more rows than one of its bounded delete statements takes.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class OutboxCleanupTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    static readonly TimeSpan _window = TimeSpan.FromMinutes(30);
    static readonly TimeSpan _retention = TimeSpan.FromMinutes(10);

    // Whole seconds, which every provider stores exactly.
    FakeWallClock _clock = null!;

    protected override void ConfigureHost(LedgerTestHostOptions options)
    {
        _clock = new FakeWallClock(new DateTimeOffset(2030, 1, 15, 12, 0, 0, TimeSpan.Zero));
        options.Clock = _clock;
        // Rows are written directly here; no delivery loop should touch them.
        options.RunDeliveryService = false;
        options.Outbox = outbox =>
        {
            outbox.DuplicateDetectionWindow = _window;
            outbox.DeliveredRetention = _retention;
            outbox.CleanupBatchSize = 7;
        };
    }

    [Test]
    public async Task Cleanup_removes_what_is_past_its_window_in_bounded_batches_and_keeps_the_rest()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var oldInbox = await AddInboxRows(25, consumedAt: now - _window - TimeSpan.FromSeconds(1));
        var keptInbox = (await AddInboxRows(1, consumedAt: now - _window)).Concat(await AddInboxRows(4, consumedAt: now - TimeSpan.FromMinutes(1))).ToList();
        var oldDelivered = await AddOutboxMessages(25, sentAt: now - TimeSpan.FromHours(1), deliveredAt: now - _retention - TimeSpan.FromSeconds(1));
        var keptDelivered = (await AddOutboxMessages(1, sentAt: now - TimeSpan.FromHours(1), deliveredAt: now - _retention))
            .Concat(await AddOutboxMessages(4, sentAt: now - TimeSpan.FromMinutes(2), deliveredAt: now - TimeSpan.FromMinutes(1))).ToList();
        var undelivered = await AddOutboxMessages(6, sentAt: now - TimeSpan.FromDays(2), deliveredAt: null);

        var cleanup = Host.Services.GetRequiredService<OutboxCleanup<LedgerDbContext>>();
        var first = await cleanup.RunOnce(CancellationToken.None);
        var inboxAfterFirst = await InboxIds();
        var outboxAfterFirst = await OutboxIds();
        var second = await cleanup.RunOnce(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new CleanupResult(InboxRows: oldInbox.Count, OutboxMessages: oldDelivered.Count)), "first run");
            Assert.That(inboxAfterFirst, Is.EquivalentTo(keptInbox), "inbox rows within the window (the one exactly at its edge included)");
            Assert.That(outboxAfterFirst, Is.EquivalentTo(keptDelivered.Concat(undelivered)), "outbox messages within retention, and the undelivered");
            Assert.That(second, Is.EqualTo(new CleanupResult(0, 0)), "second run");
        });

        _clock.Advance(_window);
        var later = await cleanup.RunOnce(CancellationToken.None);

        var inboxAfterLater = await InboxIds();
        var outboxAfterLater = await OutboxIds();
        Assert.Multiple(() =>
        {
            Assert.That(later, Is.EqualTo(new CleanupResult(InboxRows: keptInbox.Count, OutboxMessages: keptDelivered.Count)), "run after the window passed");
            Assert.That(inboxAfterLater, Is.Empty, "inbox rows");
            Assert.That(outboxAfterLater, Is.EquivalentTo(undelivered), "undelivered messages are never cleaned up");
        });
    }

    async Task<List<Guid>> AddInboxRows(int count, DateTime consumedAt)
    {
        var rows = Enumerable.Range(0, count)
            .Select(_ => new InboxMessage { MessageId = Guid.NewGuid(), ConsumerId = Guid.NewGuid(), ConsumerType = "TestConsumer", ConsumedAt = consumedAt })
            .ToList();
        await Save(rows);
        return [.. rows.Select(x => x.MessageId)];
    }

    async Task<List<Guid>> AddOutboxMessages(int count, DateTime sentAt, DateTime? deliveredAt)
    {
        var batch = Guid.NewGuid();
        var rows = Enumerable.Range(0, count)
            .Select(_ => new OutboxMessage
            {
                OutboxId = batch,
                MessageId = Guid.NewGuid(),
                ContentType = "application/vnd.masstransit+json",
                MessageType = "urn:message:Saga.Persistence.Tests:Unused",
                Body = "{}",
                SentTime = sentAt,
                DeliveredAt = deliveredAt,
            })
            .ToList();
        // Messages still waiting for delivery belong to a batch that waits too.
        await Save(deliveredAt is null
            ? [new OutboxBatch { OutboxId = batch, CreatedAt = sentAt, AvailableAt = sentAt }, .. rows]
            : rows);
        return [.. rows.Select(x => x.MessageId)];
    }

    async Task Save(IEnumerable<object> rows)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    Task<List<Guid>> InboxIds() => Host.Query(db => db.Set<InboxMessage>().Select(x => x.MessageId).ToListAsync());

    Task<List<Guid>> OutboxIds() => Host.Query(db => db.Set<OutboxMessage>().Select(x => x.MessageId).ToListAsync());
}
