using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;
using Saga.TestInfrastructure;
using StoredSchedule = Saga.Persistence.Scheduling.ScheduledMessage;

namespace Saga.Persistence.Tests;

/// <summary>
/// The durable scheduler after a restart: deadlines that fell due while it was down wait for the start-up grace (the
/// replies queued meanwhile go first), and a scheduler whose due rows another instance is moving waits for it instead
/// of asking again at once.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class SchedulerRecoveryTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    static readonly TimeSpan _grace = TimeSpan.FromSeconds(10);

    // Whole seconds near the real time: due times are compared on the database's clock, which follows this one.
    readonly FakeWallClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override void ConfigureHost(LedgerTestHostOptions options)
    {
        options.Clock = _clock;
        options.Scheduler = scheduler => scheduler.StartupGrace = _grace;
    }

    [Test]
    public async Task A_deadline_that_fell_due_while_the_service_was_down_waits_for_the_start_up_grace()
    {
        // The first run, two minutes ago, issued an invoice with a reminder due a minute later, and stopped before its
        // scheduler got to it.
        await RestartHost(options =>
        {
            options.Clock = new FakeWallClock(_clock.GetUtcNow() - TimeSpan.FromMinutes(2));
            options.Scheduler = scheduler => scheduler.StartupGrace = TimeSpan.FromHours(1);
        });
        var messageId = NewId.NextGuid();
        await Host.Publish(new IssueInvoice("ACC-5001", 30m, "INV-50", NewId.NextGuid(), TimeSpan.FromMinutes(1)), messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<IssueInvoice>(messageId) == 1, "the invoice was issued");
        await Host.WaitForDelivery(sends: 1);
        await StopHost();

        await using var restarted = await LedgerTestHost.StartAsync(Database, ConfigureHost);
        var graceEnds = restarted.SchedulerPass.GraceEndsAt;

        var duringGrace = await restarted.SchedulerPass.DispatchDue(CancellationToken.None);
        var outboxDuringGrace = await restarted.OutboxMessages();
        Assert.Multiple(() =>
        {
            Assert.That(duringGrace, Is.EqualTo(new DispatchResult(0, graceEnds)), "a pass within the grace: nothing moved, look again when it ends");
            Assert.That(outboxDuringGrace.Select(x => x.MessageType), Has.None.Contain(nameof(InvoiceReminder)), "reminders in the outbox");
        });

        _clock.Advance(_grace);
        await Eventually.Until(() => restarted.Consumed.Messages<InvoiceReminder>().Count > 0, "the reminder arrived after the grace");
        Assert.That(await restarted.Schedules(), Is.Empty, "schedules left");
    }

    [Test]
    public async Task A_scheduler_whose_due_row_another_instance_is_moving_waits_a_poll_instead_of_spinning()
    {
        if (Provider != DatabaseProvider.PostgreSql)
            Assert.Ignore("Only PostgreSQL lets two instances take due rows at once (SQLite serializes them)");

        await RestartHost(options => options.Scheduler = scheduler => scheduler.StartupGrace = TimeSpan.Zero);
        var token = NewId.NextGuid();
        await Host.Publish(new IssueInvoice("ACC-5002", 12m, "INV-51", token, TimeSpan.FromMinutes(1)), NewId.NextGuid());
        await Eventually.Until(async () => (await Host.Schedules()).Count == 1, "the reminder was scheduled");

        // The other instance: it has locked the row, due by now, and not committed yet.
        await using var other = Database.NewContext();
        await using var transaction = await other.Database.BeginTransactionAsync();
        var tokenColumn = other.Model.FindEntityType(typeof(StoredSchedule))!.FindProperty(nameof(StoredSchedule.TokenId))!.GetColumnName();
        var lockRow = string.Concat("SELECT * FROM scheduled_messages WHERE \"", tokenColumn, "\" = {0} FOR UPDATE");
        await other.Set<StoredSchedule>().FromSqlRaw(lockRow, token).ToListAsync();
        _clock.Advance(TimeSpan.FromMinutes(2));

        var clock = Host.Services.GetRequiredService<DatabaseClock<LedgerDbContext>>();
        var pass = await Host.SchedulerPass.DispatchDue(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(pass.Moved, Is.Zero, "moved by this instance");
            Assert.That(pass.NextDueAt, Is.GreaterThan(clock.UtcNow), "the next look is not in the past (which would spin)");
        });
        await transaction.RollbackAsync();
    }
}
