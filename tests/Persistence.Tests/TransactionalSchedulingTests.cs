using System.Text.Json;
using MassTransit;
using MassTransit.Scheduling;
using Saga.Persistence.Dialects;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests;

/// <summary>
/// Scheduling inside the consumer's transaction: with the durable scheduler on the consumer's own context, what it
/// schedules or cancels is a <c>scheduled_messages</c> row written or deleted by the same commit as its state and outbox,
/// and no schedule or cancel command crosses the broker. The row is sent once when due (by the test's clock). With
/// <see cref="DurableSchedulerOptions{TDbContext}.ScheduleInTransaction"/> off, the commands go to the scheduler's queue
/// as before.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class TransactionalSchedulingTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    const string ChargeRecordedType = "urn:message:Saga.Persistence.Tests.Ledger.Messages:ChargeRecorded";
    const string ReminderType = "urn:message:Saga.Persistence.Tests.Ledger.Messages:InvoiceReminder";
    static readonly TimeSpan _oneHour = TimeSpan.FromHours(1);

    // A cancelled token makes the harness's message lists return what they hold now instead of waiting for more.
    static readonly CancellationToken _now = new(true);

    // Whole seconds, which every provider stores exactly.
    FakeWallClock _clock = null!;

    protected override void ConfigureHost(LedgerTestHostOptions options)
    {
        // Whole seconds near the real time: the scheduler compares due times on the database's clock, which follows this one at
        // the offset it measured at start-up.
        _clock = new FakeWallClock(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        options.Clock = _clock;
        options.Scheduler = _ => { };
    }

    [Test]
    public async Task A_schedule_is_committed_with_the_consumers_effects_and_sent_once_when_due()
    {
        var token = NewId.NextGuid();
        var issuedAt = Now();
        var dueAt = issuedAt + _oneHour;

        await Issue(new IssueInvoice("ACC-2001", 120m, "INV-30", token, _oneHour));

        var schedule = (await Host.Schedules()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(schedule.TokenId, Is.EqualTo(token), "token");
            Assert.That(schedule.DueAt, Is.EqualTo(dueAt), "due at");
            Assert.That(schedule.ScheduledAt, Is.EqualTo(issuedAt), "scheduled at");
            Assert.That(schedule.DestinationAddress, Is.EqualTo(InvoiceConsumer.ReminderAddress), "destination");
            Assert.That(schedule.MessageType, Does.Contain(ReminderType), "message type");
            Assert.That(SchedulingToken(schedule.Headers), Is.EqualTo(token.ToString("D")), "the token travels with the message");
        });
        AssertNoSchedulerCommandCrossedTheBus();
        Assert.That(await Host.Snapshot(),
            Is.EqualTo(new LedgerSnapshot(Charges: 1, InboxRows: 1, OutboxMessages: 1, OutboxBatches: 0, Sent: 1, Scheduled: 1)));

        // Not due yet by the clock: a pass moves nothing and knows when the reminder is due.
        Assert.That(await Host.SchedulerPass.DispatchDue(CancellationToken.None), Is.EqualTo(new DispatchResult(0, dueAt)), "pass before due");

        _clock.Advance(_oneHour + TimeSpan.FromSeconds(1));
        await Eventually.Until(() => Host.Consumed.Messages<InvoiceReminder>().Count > 0, "the reminder arrived");
        await Host.WaitForDelivery(sends: 2);

        // The row left with the move into the outbox, so no later pass can send it again.
        var passAfter = await Host.SchedulerPass.DispatchDue(CancellationToken.None);
        var left = await Host.Schedules();
        var reminder = Host.Harness.Consumed.Select<InvoiceReminder>(_now).Single().Context;
        Assert.Multiple(() =>
        {
            Assert.That(passAfter, Is.EqualTo(new DispatchResult(0, null)), "pass after delivery");
            Assert.That(left, Is.Empty, "schedules left");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageType), Is.EqualTo(new[] { ChargeRecordedType, ReminderType }), "sent");
            Assert.That(Host.Consumed.Messages<InvoiceReminder>(), Is.EqualTo(new[] { new InvoiceReminder("INV-30", dueAt) }), "reminders consumed");
            Assert.That(reminder.Headers.Get<string>(MessageHeaders.SchedulingTokenId), Is.EqualTo(token.ToString("D")), "token on the reminder");
        });
    }

    [Test]
    public async Task A_crash_before_commit_leaves_no_schedule_and_the_retry_leaves_one([Values] CrashPoint crashPoint)
    {
        var token = NewId.NextGuid();
        var dueAt = Now() + _oneHour;

        Host.Crashes.Arm(crashPoint);
        await Issue(new IssueInvoice("ACC-2002", 80m, "INV-31", token, _oneHour));

        var schedules = await Host.Schedules();
        Assert.Multiple(() =>
        {
            Assert.That(Host.Crashes.Crashed, Is.EqualTo(new[] { crashPoint }), "crashes");
            // Taken after the crashed attempt, before the retry: its schedule went with its charge, inbox row and outbox.
            Assert.That(Host.StateBeforeRetry.Snapshots, Is.EqualTo(new[] { LedgerSnapshot.Empty }), "state before the retry");
            Assert.That(schedules.Select(x => (x.TokenId, x.DueAt)), Is.EqualTo(new[] { (token, dueAt) }), "schedules");
        });
        AssertNoSchedulerCommandCrossedTheBus();
        Assert.That(await Host.Snapshot(),
            Is.EqualTo(new LedgerSnapshot(Charges: 1, InboxRows: 1, OutboxMessages: 1, OutboxBatches: 0, Sent: 1, Scheduled: 1)));
    }

    [Test]
    public async Task A_schedule_cancelled_in_the_same_consume_leaves_no_row_and_is_never_sent()
    {
        await Issue(new IssueInvoice("ACC-2003", 15m, "INV-32", NewId.NextGuid(), _oneHour, PaidOnIssue: true));

        Assert.That(await Host.Snapshot(),
            Is.EqualTo(new LedgerSnapshot(Charges: 1, InboxRows: 1, OutboxMessages: 1, OutboxBatches: 0, Sent: 1, Scheduled: 0)));
        AssertNoSchedulerCommandCrossedTheBus();
        await AssertNoReminderAfter(_oneHour + TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task A_schedule_cancelled_by_its_token_in_a_later_message_is_deleted_and_never_sent()
    {
        var token = NewId.NextGuid();
        await Issue(new IssueInvoice("ACC-2004", 64m, "INV-33", token, _oneHour));
        Assert.That((await Host.Schedules()).Select(x => x.TokenId), Is.EqualTo(new[] { token }), "scheduled");

        var settleId = NewId.NextGuid();
        await Host.Publish(new SettleInvoice("INV-33", token), settleId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<SettleInvoice>(settleId) == 1 || Host.Consumed.Faults.Count > 0,
            "SettleInvoice was consumed");
        // A cancel command would leave through the outbox; once that is empty, it would have been sent.
        await Host.WaitForDelivery(sends: 1);

        var left = await Host.Schedules();
        Assert.Multiple(() =>
        {
            Assert.That(Host.Consumed.Faults, Is.Empty, "faulted deliveries");
            Assert.That(left, Is.Empty, "schedules after the cancel");
        });
        AssertNoSchedulerCommandCrossedTheBus();
        await AssertNoReminderAfter(_oneHour + TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task Scheduling_the_same_token_again_replaces_the_schedule()
    {
        var token = NewId.NextGuid();
        var firstDue = Now() + _oneHour;
        await Issue(new IssueInvoice("ACC-2005", 99m, "INV-34", token, _oneHour));

        _clock.Advance(TimeSpan.FromMinutes(10));
        var postponedAt = Now();
        var postponedDue = postponedAt + 2 * _oneHour;
        var postponeId = NewId.NextGuid();
        await Host.Publish(new PostponeInvoiceReminder("INV-34", token, 2 * _oneHour), postponeId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<PostponeInvoiceReminder>(postponeId) == 1 || Host.Consumed.Faults.Count > 0,
            "PostponeInvoiceReminder was consumed");
        await Host.WaitForDelivery(sends: 1);

        var schedule = (await Host.Schedules()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(Host.Consumed.Faults, Is.Empty, "faulted deliveries");
            Assert.That(schedule.TokenId, Is.EqualTo(token), "token");
            Assert.That(schedule.DueAt, Is.EqualTo(postponedDue), "due at");
            Assert.That(schedule.ScheduledAt, Is.EqualTo(postponedAt), "scheduled at");
        });
        AssertNoSchedulerCommandCrossedTheBus();

        // Past the first due time nothing is sent: that schedule no longer exists.
        _clock.Advance(firstDue - Now() + TimeSpan.FromSeconds(1));
        var passAfterFirstDue = await Host.SchedulerPass.DispatchDue(CancellationToken.None);
        var outbox = await Host.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(passAfterFirstDue, Is.EqualTo(new DispatchResult(0, postponedDue)), "pass after the first due time");
            Assert.That(outbox.Select(x => x.MessageType), Has.None.Contain(ReminderType), "reminders in the outbox");
        });

        _clock.Advance(postponedDue - Now() + TimeSpan.FromSeconds(1));
        await Eventually.Until(() => Host.Consumed.Messages<InvoiceReminder>().Count > 0, "the postponed reminder arrived");
        await Host.WaitForDelivery(sends: 2);

        var left = await Host.Schedules();
        Assert.Multiple(() =>
        {
            Assert.That(left, Is.Empty, "schedules left");
            Assert.That(Host.Broker.Sent.Count(x => x.MessageType == ReminderType), Is.EqualTo(1), "reminders sent");
            Assert.That(Host.Consumed.Messages<InvoiceReminder>(), Is.EqualTo(new[] { new InvoiceReminder("INV-34", postponedDue) }), "reminders consumed");
        });
    }

    [Test]
    public async Task Without_scheduling_in_the_transaction_the_schedule_command_goes_to_the_scheduler_queue()
    {
        await RestartHost(options => options.Scheduler = scheduler => scheduler.ScheduleInTransaction = false);
        var dueAt = Now() + _oneHour;

        await Issue(new IssueInvoice("ACC-2006", 42m, "INV-35", NewId.NextGuid(), _oneHour));
        // Logged once the scheduler's consume pipe returned, so after its commit.
        await Eventually.Until(() => Host.Consumed.Messages<ScheduleMessage>().Count > 0, "the scheduler consumed the schedule command");

        var schedule = (await Host.Schedules()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(Host.Consumed.Messages<ScheduleMessage>().Select(x => x.CorrelationId), Is.EqualTo(new[] { schedule.TokenId }),
                "schedule commands the scheduler consumed");
            // The command left through the ledger's outbox, with the charge's event.
            Assert.That(Host.Broker.Sent.Select(x => x.MessageType), Is.EquivalentTo(new[] { ChargeRecordedType, "urn:message:MassTransit.Scheduling:ScheduleMessage" }),
                "sent");
            Assert.That(schedule.DueAt, Is.EqualTo(dueAt), "due at");
            Assert.That(schedule.DestinationAddress, Is.EqualTo(InvoiceConsumer.ReminderAddress), "destination");
            Assert.That(SchedulingToken(schedule.Headers), Is.EqualTo(schedule.TokenId.ToString("D")), "the token travels with the message");
        });

        _clock.Advance(_oneHour + TimeSpan.FromSeconds(1));
        await Eventually.Until(() => Host.Consumed.Messages<InvoiceReminder>().Count > 0, "the reminder arrived");
        Assert.That(Host.Consumed.Messages<InvoiceReminder>(), Is.EqualTo(new[] { new InvoiceReminder("INV-35", dueAt) }), "reminders consumed");
    }

    DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Publishes <paramref name="invoice"/>, waits until it was consumed and what it put in the outbox was delivered.</summary>
    async Task Issue(IssueInvoice invoice)
    {
        var messageId = NewId.NextGuid();
        await Host.Publish(invoice, messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<IssueInvoice>(messageId) == 1 || Host.Consumed.Faults.Count > 0,
            "IssueInvoice was consumed");
        // Everything the consumer's transaction sent, a schedule command included, has left once the outbox is empty.
        await Host.WaitForDelivery(sends: 1);
        Assert.That(Host.Consumed.Faults, Is.Empty, "faulted deliveries");
    }

    /// <summary>
    /// The outbox has been emptied (the caller waited for delivery), so a schedule or cancel command the consumer had sent
    /// would be among what the broker accepted; one sent past the outbox would be among the harness's sends.
    /// </summary>
    void AssertNoSchedulerCommandCrossedTheBus() =>
        Assert.Multiple(() =>
        {
            Assert.That(Host.Broker.Sent.Select(x => x.MessageType), Has.None.Contain("MassTransit.Scheduling"), "sent through the outbox");
            Assert.That(Host.Harness.Sent.Select<ScheduleMessage>(_now), Is.Empty, "schedule commands sent");
            Assert.That(Host.Harness.Sent.Select<CancelScheduledMessage>(_now), Is.Empty, "cancel commands sent");
            Assert.That(Host.Consumed.Messages<ScheduleMessage>(), Is.Empty, "schedule commands consumed");
            Assert.That(Host.Consumed.Messages<CancelScheduledMessage>(), Is.Empty, "cancel commands consumed");
        });

    /// <summary>
    /// Moves the clock <paramref name="later"/> on and runs a scheduler pass: a schedule still stored would now be due and
    /// be moved to the outbox (by this pass or the hosted one), so with none stored and no reminder in the outbox, none
    /// can ever be sent.
    /// </summary>
    async Task AssertNoReminderAfter(TimeSpan later)
    {
        _clock.Advance(later);
        var pass = await Host.SchedulerPass.DispatchDue(CancellationToken.None);
        await Host.WaitForDelivery(sends: 1);

        var left = await Host.Schedules();
        var outbox = await Host.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(pass, Is.EqualTo(new DispatchResult(0, null)), "pass after the due time");
            Assert.That(left, Is.Empty, "schedules");
            Assert.That(outbox.Select(x => x.MessageType), Has.None.Contain(ReminderType), "reminders in the outbox");
            Assert.That(Host.Broker.Sent.Select(x => x.MessageType), Has.None.EqualTo(ReminderType), "reminders sent");
            Assert.That(Host.Consumed.Messages<InvoiceReminder>(), Is.Empty, "reminders consumed");
        });
    }

    /// <summary>The scheduling token among a stored schedule's headers (a JSON object), if there.</summary>
    static string? SchedulingToken(string? headers) =>
        headers is not null && JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(headers) is { } all
                            && all.TryGetValue(MessageHeaders.SchedulingTokenId, out var token)
            ? token.GetString()
            : null;
}
