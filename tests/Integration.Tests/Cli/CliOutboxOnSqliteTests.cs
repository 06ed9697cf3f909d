using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Saga.Cli;
using Saga.Hosting.Database;
using Saga.Integration.Tests.EndToEnd.Cli;
using Saga.Participants.Payment.Data.Providers;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Settings.Database;

namespace Saga.Integration.Tests.Cli;

/// <summary>
/// <c>saga outbox dead</c> and <c>saga outbox requeue</c> on a participant's SQLite database migrated as the service
/// migrates it, found through the participant's own settings key (<c>Participants:Payment:Database</c>) in a settings
/// file: two dead batches with messages, and a live one the commands must leave alone.
/// </summary>
public sealed class CliOutboxOnSqliteTests
{
    static readonly string LongError = "RabbitMQ.Client.Exceptions: the message was returned: NO_ROUTE " + new string('x', 300) + " END";

    readonly string _path = Path.Combine(Path.GetTempPath(), $"saga-cli-outbox-{Guid.NewGuid():N}.db");
    readonly string _settings = Path.Combine(Path.GetTempPath(), $"saga-cli-outbox-{Guid.NewGuid():N}.json");
    readonly Guid _older = Guid.NewGuid();
    readonly Guid _newer = Guid.NewGuid();
    readonly Guid _live = Guid.NewGuid();

    [SetUp]
    public async Task CreateDatabase()
    {
        var settings = new { Participants = new { Payment = new { Database = new { Provider = "Sqlite", ConnectionString = $"Data Source={_path}" } } } };
        await File.WriteAllTextAsync(_settings, JsonSerializer.Serialize(settings));

        await using var db = Context();
        await db.Database.MigrateAsync();
        var now = DateTime.UtcNow;
        db.Set<OutboxBatch>().AddRange(
            Batch(_newer, now.AddMinutes(-5), dead: now.AddMinutes(-1), attempts: 10, "broker closed the channel"),
            Batch(_older, now.AddHours(-2), dead: now.AddHours(-1), attempts: 10, LongError),
            Batch(_live, now.AddHours(-3), dead: null, attempts: 2, "timeout"));
        db.Set<OutboxMessage>().AddRange(
            Message(_older, "urn:message:Saga.Contracts:PaymentCompleted", "rabbitmq://localhost/order-saga", delivered: now.AddHours(-2)),
            Message(_older, "urn:message:Saga.Contracts:PaymentCompleted", "rabbitmq://localhost/order-saga", delivered: null),
            Message(_older, "urn:message:Saga.Contracts:PaymentAudited", null, delivered: null),
            Message(_newer, "urn:message:Saga.Contracts:PaymentRefunded", "rabbitmq://localhost/order-saga", delivered: null),
            Message(_live, "urn:message:Saga.Contracts:PaymentCompleted", "rabbitmq://localhost/order-saga", delivered: null));
        await db.SaveChangesAsync();
    }

    [TearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", _settings })
            File.Delete(file);
    }

    [Test]
    public async Task Dead_lists_the_dead_batches_oldest_first_with_their_undelivered_messages_and_whole_last_error()
    {
        var run = await Run("outbox", "dead", "--service", "payment", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var batches = run.Json().GetProperty("batches").EnumerateArray().ToList();
        Assert.That(batches.Select(b => b.GetProperty("outboxId").GetGuid()), Is.EqualTo(new[] { _older, _newer }));
        var older = batches[0];
        Assert.Multiple(() =>
        {
            Assert.That(older.GetProperty("deliveryAttempts").GetInt32(), Is.EqualTo(10));
            Assert.That(older.GetProperty("lastError").GetString(), Is.EqualTo(LongError));
            Assert.That(older.GetProperty("deadAt").GetDateTime(), Is.EqualTo(DateTime.UtcNow.AddHours(-1)).Within(TimeSpan.FromMinutes(5)));
            Assert.That(older.GetProperty("undeliveredMessages").GetInt32(), Is.EqualTo(2));
            Assert.That(older.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageType").GetString()),
                Is.EqualTo(new[] { "urn:message:Saga.Contracts:PaymentCompleted", "urn:message:Saga.Contracts:PaymentAudited" }));
            Assert.That(older.GetProperty("messages")[0].GetProperty("destination").GetString(), Is.EqualTo("rabbitmq://localhost/order-saga"));
        });
    }

    [Test]
    public async Task Dead_as_a_table_shows_types_and_destinations_and_cuts_the_last_error()
    {
        var run = await Run("outbox", "dead", "--service", "payment");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Output, Does.Contain("payment: 2 dead outbox batch(es)")
            .And.Contain(_older.ToString()).And.Contain(_newer.ToString()).And.Not.Contain(_live.ToString())
            .And.Contain("PaymentCompleted -> rabbitmq://localhost/order-saga, PaymentAudited")
            .And.Contain("NO_ROUTE").And.Contain("…").And.Not.Contain(" END"));
        Assert.That(run.Output.IndexOf(_older.ToString(), StringComparison.Ordinal), Is.LessThan(run.Output.IndexOf(_newer.ToString(), StringComparison.Ordinal)));
    }

    [Test]
    public async Task Requeue_of_one_batch_makes_it_due_with_fresh_attempts_and_keeps_its_messages()
    {
        var run = await Run("outbox", "requeue", "--service", "payment", "--batch", _older.ToString(), "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Json().GetProperty("requeued").GetInt32(), Is.EqualTo(1));
        await using var db = Context();
        var older = await db.Set<OutboxBatch>().AsNoTracking().SingleAsync(b => b.OutboxId == _older);
        var newer = await db.Set<OutboxBatch>().AsNoTracking().SingleAsync(b => b.OutboxId == _newer);
        Assert.Multiple(() =>
        {
            Assert.That(older.DeadAt, Is.Null);
            Assert.That(older.DeliveryAttempts, Is.Zero);
            Assert.That(older.AvailableAt, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(newer.DeadAt, Is.Not.Null, "a batch not named stays dead");
            Assert.That(newer.DeliveryAttempts, Is.EqualTo(10));
        });
        var messages = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.OutboxId == _older).ToListAsync();
        Assert.That(messages, Has.Count.EqualTo(3));
        Assert.That(messages.Count(m => m.DeliveredAt == null), Is.EqualTo(2));
    }

    [Test]
    public async Task Requeue_all_revives_every_dead_batch_and_then_finds_none()
    {
        var first = await Run("outbox", "requeue", "--service", "payment", "--all");
        var again = await Run("outbox", "requeue", "--service", "payment", "--all");

        Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Ok), first.ToString());
        Assert.That(first.Output, Does.Contain("requeued 2 dead outbox batch(es) of payment"));
        Assert.That(again.ExitCode, Is.EqualTo(ExitCodes.Failed), again.ToString());
        await using var db = Context();
        var batches = await db.Set<OutboxBatch>().AsNoTracking().ToListAsync();
        Assert.That(batches.Where(b => b.DeadAt != null), Is.Empty);
        Assert.That(batches.Single(b => b.OutboxId == _live).DeliveryAttempts, Is.EqualTo(2), "a live batch keeps its attempts");
        Assert.That(await db.Set<OutboxMessage>().CountAsync(), Is.EqualTo(5));
    }

    [Test]
    public async Task Requeue_of_a_batch_that_is_not_dead_fails_with_exit_code_1_and_changes_nothing()
    {
        var unknown = await Run("outbox", "requeue", "--service", "payment", "--batch", Guid.NewGuid().ToString());
        var live = await Run("outbox", "requeue", "--service", "payment", "--batch", _live.ToString(), "--json");

        Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.Failed), unknown.ToString());
        Assert.That(live.ExitCode, Is.EqualTo(ExitCodes.Failed), live.ToString());
        Assert.That(live.Json().GetProperty("notDead")[0].GetGuid(), Is.EqualTo(_live));
        await using var db = Context();
        Assert.That(await db.Set<OutboxBatch>().CountAsync(b => b.DeadAt != null), Is.EqualTo(2));
    }

    [TestCase("outbox", "dead", "--service", "billing")]
    [TestCase("outbox", "requeue", "--service", "payments", "--all")]
    [TestCase("outbox", "requeue", "--service", "payment")]
    [TestCase("outbox", "requeue", "--all")]
    public async Task A_bad_service_or_a_requeue_without_batch_or_all_is_a_usage_error(params string[] args)
    {
        var run = await Run(args);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
        await using var db = Context();
        Assert.That(await db.Set<OutboxBatch>().CountAsync(b => b.DeadAt != null), Is.EqualTo(2));
    }

    [Test]
    public async Task A_missing_participant_database_is_unreachable_and_not_created()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"saga-cli-missing-{Guid.NewGuid():N}.db");

        var run = await SagaCliRunner.RunBareAsync("outbox", "requeue", "--service", "shipping", "--all", "--connection-string", $"Data Source={missing}");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain("Participants:Shipping:Database:ConnectionString"));
        Assert.That(File.Exists(missing), Is.False);
    }

    Task<CliRun> Run(params string[] args) => SagaCliRunner.RunBareAsync([.. args, "--settings", _settings]);

    SqlitePaymentDbContext Context() => new((DbContextOptions<SqlitePaymentDbContext>)new DbContextOptionsBuilder<SqlitePaymentDbContext>()
        .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={_path}" })
        .Options);

    static OutboxBatch Batch(Guid id, DateTime createdAt, DateTime? dead, int attempts, string lastError) => new()
    {
        OutboxId = id,
        CreatedAt = createdAt,
        AvailableAt = createdAt.AddMinutes(30),
        DeliveryAttempts = attempts,
        LastError = lastError,
        DeadAt = dead,
    };

    static OutboxMessage Message(Guid outboxId, string type, string? destination, DateTime? delivered) => new()
    {
        OutboxId = outboxId,
        MessageId = Guid.NewGuid(),
        ContentType = "application/vnd.masstransit+json",
        MessageType = type,
        Body = "{}",
        DestinationAddress = destination is null ? null : new Uri(destination),
        SentTime = DateTime.UtcNow,
        DeliveredAt = delivered,
    };
}
