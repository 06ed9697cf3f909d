using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests;

/// <summary>
/// How deliveries are recorded: the batches the consuming instances sent right after their commits are queued and
/// recorded many per transaction by <see cref="OutboxDeliveryRecorder{TDbContext}"/>, a delivery pass records all its
/// delivered batches with one statement, each under the lease it was sent under; a record that fails or never comes loses
/// nothing, because the batch stays leased and is sent again after the lease.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class DeliveryRecordingTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    // Long enough that no test outlives them: a record comes from a full queue or a stop, and a lease ends when the test
    // moves the clock.
    static readonly TimeSpan _lease = TimeSpan.FromMinutes(2);
    static readonly TimeSpan _linger = TimeSpan.FromSeconds(30);
    const int RecordBatchSize = 5;

    FakeWallClock _clock = null!;

    OutboxDelivery<LedgerDbContext> Delivery => Host.Services.GetRequiredService<OutboxDelivery<LedgerDbContext>>();

    OutboxDeliveryRecorder<LedgerDbContext> Recorder => Host.Services.GetRequiredService<OutboxDeliveryRecorder<LedgerDbContext>>();

    DateTime Now => _clock.GetUtcNow().UtcDateTime;

    protected override void ConfigureHost(LedgerTestHostOptions options)
    {
        _clock = new FakeWallClock(new DateTimeOffset(2030, 4, 1, 9, 0, 0, TimeSpan.Zero));
        options.Clock = _clock;
        // No loop unless a test asks for one: whatever is recorded, the recorder or the test's own passes recorded.
        options.RunDeliveryService = false;
        options.Outbox = outbox =>
        {
            outbox.DeliveryLease = _lease;
            outbox.DeliveryRecordLinger = _linger;
            outbox.DeliveryRecordBatchSize = RecordBatchSize;
        };
    }

    [TearDown]
    public Task StopRecorder() => Recorder.StopAsync();

    [Test]
    public async Task Batches_delivered_after_their_commits_are_recorded_together_in_one_statement_of_one_transaction()
    {
        Recorder.Start();

        var messageIds = await ConsumeCharges(RecordBatchSize);
        await Eventually.Until(async () => (await Host.Batches()).Count == 0, "the delivered batches were recorded");

        var stored = await Host.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(Host.DeliveryRecords.BatchesPerRecord, Is.EqualTo(new[] { RecordBatchSize }), "batches per record statement");
            Assert.That(Host.DeliveryRecords.OutsideTransaction, Is.Zero, "record statements outside a transaction");
            Assert.That(stored, Has.Count.EqualTo(RecordBatchSize), "messages kept for the retention");
            Assert.That(stored.Select(x => x.DeliveredAt), Is.All.EqualTo(Now), "recorded as delivered");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EquivalentTo(stored.Select(x => x.MessageId)), "each sent once");
        });
        Assert.That(messageIds.Select(x => Host.Consumed.Acknowledged<ChargeCustomer>(x)), Is.All.EqualTo(1), "acknowledged");
    }

    [Test]
    public async Task Without_retention_the_recorder_deletes_the_delivered_messages_with_their_batches()
    {
        await RestartHost(options => options.Outbox += outbox => outbox.DeliveredRetention = TimeSpan.Zero);
        Recorder.Start();

        await ConsumeCharges(RecordBatchSize);
        await Eventually.Until(async () => (await Host.Batches()).Count == 0, "the delivered batches were recorded");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(Host.DeliveryRecords.BatchesPerRecord, Is.EqualTo(new[] { RecordBatchSize }), "batches per record statement");
            Assert.That(await Host.Snapshot(),
                Is.EqualTo(new LedgerSnapshot(Charges: RecordBatchSize, InboxRows: RecordBatchSize, OutboxMessages: 0, OutboxBatches: 0, Sent: RecordBatchSize)));
        });
    }

    [Test]
    public async Task Stopping_the_delivery_service_records_what_is_still_queued()
    {
        await RestartHost(options => options.RunDeliveryService = true);

        await ConsumeCharges(RecordBatchSize - 2);
        var queued = await Host.Batches();
        var service = Host.Services.GetServices<IHostedService>().OfType<OutboxDeliveryService<LedgerDbContext>>().Single();
        await service.StopAsync(CancellationToken.None);

        var stored = await Host.OutboxMessages();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(queued, Has.Count.EqualTo(RecordBatchSize - 2), "batches sent and not yet recorded before the stop");
            Assert.That(Host.Broker.Sent, Has.Count.EqualTo(RecordBatchSize - 2), "sent before the stop");
            Assert.That(Host.DeliveryRecords.BatchesPerRecord, Is.EqualTo(new[] { RecordBatchSize - 2 }), "batches per record statement");
            Assert.That(await Host.Batches(), Is.Empty, "batches left after the stop");
            Assert.That(stored.Select(x => x.DeliveredAt), Is.All.EqualTo(Now), "recorded as delivered");
        });
    }

    [Test]
    public async Task While_the_recorder_does_not_run_the_consuming_instance_records_its_batch_itself()
    {
        await ConsumeCharges(1);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Host.Batches(), Is.Empty, "recorded before the acknowledgement");
            Assert.That(Host.DeliveryRecords.BatchesPerRecord, Is.EqualTo(new[] { 1 }), "batches per record statement");
        });
    }

    [Test]
    public async Task A_failed_record_leaves_the_batch_leased_and_it_is_sent_again_after_the_lease_without_loss()
    {
        Recorder.Start();
        Host.DeliveryRecords.FailNext();

        await ConsumeCharges(RecordBatchSize);
        await Eventually.Until(() => Host.DeliveryRecords.Failed == 1, "the record failed");
        await Recorder.StopAsync();

        var leased = await Host.Batches();
        var withinLease = await Delivery.DeliverOnce(CancellationToken.None);
        _clock.Advance(_lease);
        var afterLease = await Delivery.DeliverOnce(CancellationToken.None);

        var stored = await Host.OutboxMessages();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(leased, Has.Count.EqualTo(RecordBatchSize), "batches left leased by the failed record");
            Assert.That(leased.Select(x => x.AvailableAt - x.CreatedAt), Is.All.EqualTo(_lease), "leased for the lease after the commit");
            Assert.That(withinLease, Is.EqualTo(new DeliveryPassResult(0, 0, 0)), "pass within the lease");
            Assert.That(afterLease, Is.EqualTo(new DeliveryPassResult(Batches: RecordBatchSize, Messages: RecordBatchSize, FailedBatches: 0)), "pass after the lease");
            Assert.That(Host.DeliveryRecords.BatchesPerRecord, Is.EqualTo(new[] { RecordBatchSize }), "record statements that ran (the pass's)");
            Assert.That(await Host.Batches(), Is.Empty, "batches left");
            Assert.That(stored.Select(x => x.DeliveredAt), Is.All.EqualTo(Now), "recorded as delivered by the pass");
            Assert.That(Host.Broker.Sent.GroupBy(x => x.MessageId).Select(x => x.Count()), Is.All.EqualTo(2), "each message sent twice");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId).Distinct(), Is.EquivalentTo(stored.Select(x => x.MessageId)), "no message lost");
        });
    }

    [Test]
    public async Task A_record_leaves_alone_a_batch_that_another_instance_took_over_after_the_lease()
    {
        Recorder.Start();
        await ConsumeCharges(1);
        var sentFirst = Host.Broker.Sent.Single();

        // The lease runs out before the queued record is written; another instance takes the batch over and is sending it.
        _clock.Advance(_lease);
        var other = NewDelivery("other-instance");
        var hold = Host.Broker.HoldNextSend();
        var takeOver = other.DeliverOnce(CancellationToken.None);
        await Eventually.Until(() => hold.Reached.IsCompleted, "the other instance claimed the batch and is sending it");
        await Recorder.StopAsync();

        var whileTakenOver = (await Host.Batches()).Single();
        var messageWhileTakenOver = (await Host.OutboxMessages()).Single();
        hold.Release();
        var pass = await takeOver;

        var stored = (await Host.OutboxMessages()).Single();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(whileTakenOver.LeaseOwner, Is.EqualTo("other-instance"), "the batch after the first instance's record");
            Assert.That(messageWhileTakenOver.DeliveredAt, Is.Null, "its message after the first instance's record");
            Assert.That(Host.DeliveryRecords.BatchesPerRecord, Is.EqualTo(new[] { 1, 1 }), "record statements: the first instance's, the other's");
            Assert.That(pass, Is.EqualTo(new DeliveryPassResult(Batches: 1, Messages: 1, FailedBatches: 0)), "the other instance's pass");
            Assert.That(await Host.Batches(), Is.Empty, "batches left");
            Assert.That(stored.DeliveredAt, Is.EqualTo(Now), "recorded by the other instance");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(new[] { sentFirst.MessageId, sentFirst.MessageId }), "sent by each instance");
        });
    }

    [Test]
    public async Task A_delivery_pass_records_all_its_delivered_batches_with_one_statement_in_its_transaction()
    {
        await RestartHost(options => options.Outbox += outbox => outbox.DeliverAfterCommit = false);

        await ConsumeCharges(RecordBatchSize + 2);
        var pass = await Delivery.DeliverOnce(CancellationToken.None);

        var stored = await Host.OutboxMessages();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(pass, Is.EqualTo(new DeliveryPassResult(Batches: RecordBatchSize + 2, Messages: RecordBatchSize + 2, FailedBatches: 0)), "the pass");
            Assert.That(Host.DeliveryRecords.BatchesPerRecord, Is.EqualTo(new[] { RecordBatchSize + 2 }), "batches per record statement");
            Assert.That(Host.DeliveryRecords.OutsideTransaction, Is.Zero, "record statements outside a transaction");
            Assert.That(await Host.Batches(), Is.Empty, "batches left");
            Assert.That(stored.Select(x => x.DeliveredAt), Is.All.EqualTo(Now), "recorded as delivered");
        });
    }

    [Test]
    public async Task More_delivered_batches_than_one_statement_takes_are_recorded_in_chunks_within_one_transaction()
    {
        const int count = 600;
        await RestartHost(options => options.Outbox += outbox => outbox.DeliveryRecordBatchSize = count);
        var leased = Enumerable.Range(0, count).Select(_ => new DeliveredBatch(NewId.NextGuid(), NewId.NextGuid(), Now)).ToList();
        await Host.Query(async db =>
        {
            foreach (var batch in leased)
            {
                db.Add(new OutboxBatch { OutboxId = batch.OutboxId, CreatedAt = Now, AvailableAt = Now + _lease, LeaseOwner = "this", LeaseId = batch.LeaseId });
                db.Add(new OutboxMessage { OutboxId = batch.OutboxId, MessageId = NewId.NextGuid(), ContentType = "application/json", MessageType = "x", Body = "{}", SentTime = Now });
            }

            return await db.SaveChangesAsync();
        });

        Recorder.Start();
        foreach (var batch in leased)
            Assert.That(await Recorder.Queue(batch), Is.True, "queued");
        await Eventually.Until(async () => (await Host.Batches()).Count == 0, "the delivered batches were recorded");

        var stored = await Host.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(Host.DeliveryRecords.BatchesPerRecord, Is.EqualTo(new[] { 250, 250, 100 }), "batches per record statement");
            Assert.That(Host.DeliveryRecords.Transactions, Is.EqualTo(1), "transactions the record statements ran in");
            Assert.That(stored.Select(x => x.DeliveredAt), Is.All.EqualTo(Now), "recorded as delivered");
        });
    }

    /// <summary>Publishes <paramref name="count"/> charges at once and waits until each was consumed and acknowledged, without a fault.</summary>
    async Task<List<Guid>> ConsumeCharges(int count)
    {
        var messageIds = Enumerable.Range(0, count).Select(_ => NewId.NextGuid()).ToList();
        await Task.WhenAll(messageIds.Select((id, i) => Host.Publish(new ChargeCustomer($"ACC-40{i:00}", 10m + i, $"INV-40{i:00}"), id)));
        await Eventually.Until(() => messageIds.All(x => Host.Consumed.Acknowledged<ChargeCustomer>(x) == 1) || Host.Consumed.Faults.Count > 0,
            $"{count} charge(s) were consumed and acknowledged");
        Assert.That(Host.Consumed.Faults, Is.Empty, "faulted consumes");
        return messageIds;
    }

    OutboxDelivery<LedgerDbContext> NewDelivery(string instanceId)
    {
        var scopeFactory = Host.Services.GetRequiredService<IServiceScopeFactory>();
        var dialect = Host.Services.GetRequiredService<DbContextDialect<LedgerDbContext>>();
        var options = Host.Services.GetRequiredService<TransactionalOutboxOptions<LedgerDbContext>>();
        return new OutboxDelivery<LedgerDbContext>(scopeFactory, dialect, Host.Broker,
            new TransactionalOutboxOptions<LedgerDbContext> { InstanceId = instanceId, DeliveryLease = options.DeliveryLease },
            _clock, new DatabaseClock<LedgerDbContext>(scopeFactory, dialect, _clock), Host.Services.GetRequiredService<ILogger<OutboxDelivery<LedgerDbContext>>>());
    }
}
