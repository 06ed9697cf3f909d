using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Saga.Integration.Tests.Migrations;
using Saga.Integration.Tests.Schemas;
using Saga.Operations;
using Saga.Operations.Actions;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Persistence;
using Saga.Settings.Database;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Actions;

/// <summary>
/// <see cref="OperatorActionLog"/> on the orchestrator's database as its migrations create it: on SQLite (ids, times as
/// text) and on a real PostgreSQL server (a private cluster), in the default schema and in a configured one.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class OperatorActionLogTests
{
    static readonly DateTime Start = new(2026, 12, 7, 9, 30, 15, 250, DateTimeKind.Utc);

    PostgreSqlTestCluster? _postgres;

    static CancellationToken Cancellation => TestContext.CurrentContext.CancellationToken;

    static IEnumerable<TestCaseData> Databases()
    {
        yield return new TestCaseData(DatabaseProvider.Sqlite, (string?)null).SetArgDisplayNames("SQLite");
        yield return new TestCaseData(DatabaseProvider.PostgreSql, (string?)null).SetArgDisplayNames("PostgreSQL, default schema");
        yield return new TestCaseData(DatabaseProvider.PostgreSql, (string?)SchemaTestDatabases.Schema).SetArgDisplayNames($"PostgreSQL, {SchemaTestDatabases.Schema}");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    [TestCaseSource(nameof(Databases))]
    public async Task Recorded_actions_read_back_newest_first_with_every_column(DatabaseProvider provider, string? schema)
    {
        using var sqlite = new SqliteTestDatabase();
        var settings = await MigratedAsync(provider, schema, sqlite);
        var clock = new FakeTimeProvider(Start);
        var log = new OperatorActionLog(settings, clock);
        var orderId = Guid.NewGuid().ToString();

        await log.RecordAsync("alice", ActionNames.Cancel, orderId, ActionOutcomes.Accepted, "order is being cancelled", Cancellation);
        clock.Advance(TimeSpan.FromSeconds(2));
        await log.RecordAsync("bob", ActionNames.MoveErrors, "order-saga_error", ActionOutcomes.Failed, null, Cancellation);
        clock.Advance(TimeSpan.FromSeconds(2));
        await log.RecordAsync("alice", ActionNames.RetryCompensation, orderId, ActionOutcomes.Refused, "not in CompensationFailed", Cancellation);

        var recent = await log.RecentAsync(2, Cancellation);

        Assert.That(recent, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(recent[0] with { Id = 0 }, Is.EqualTo(new OperatorActionRecord(0, Start.AddSeconds(4), "alice",
                ActionNames.RetryCompensation, orderId, ActionOutcomes.Refused, "not in CompensationFailed")));
            Assert.That(recent[1] with { Id = 0 }, Is.EqualTo(new OperatorActionRecord(0, Start.AddSeconds(2), "bob",
                ActionNames.MoveErrors, "order-saga_error", ActionOutcomes.Failed, null)));
            Assert.That(recent[0].Id, Is.GreaterThan(recent[1].Id), "the identity grows");
            Assert.That(recent[0].OccurredAt.Kind, Is.EqualTo(DateTimeKind.Utc));
        });
    }

    [TestCaseSource(nameof(Databases))]
    public async Task Text_longer_than_its_column_is_cut_to_fit(DatabaseProvider provider, string? schema)
    {
        using var sqlite = new SqliteTestDatabase();
        var log = new OperatorActionLog(await MigratedAsync(provider, schema, sqlite), new FakeTimeProvider(Start));

        await log.RecordAsync(new string('o', 300), ActionNames.MoveErrors, new string('q', 300), ActionOutcomes.Accepted, new string('d', 5000),
            Cancellation);

        var record = (await log.RecentAsync(10, Cancellation)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(record.Operator, Has.Length.EqualTo(OperatorAction.MaxOperatorLength));
            Assert.That(record.Target, Has.Length.EqualTo(OperatorAction.MaxTargetLength));
            Assert.That(record.Detail, Has.Length.EqualTo(OperatorAction.MaxDetailLength));
        });
    }

    [Test]
    public async Task A_database_without_the_table_is_named_with_the_migration_to_apply()
    {
        using var sqlite = new SqliteTestDatabase();
        await using (var db = Connect(DatabaseProvider.Sqlite, sqlite.ConnectionString, null))
            await db.Database.MigrateAsync("AddFlowVersionsAndAudit", Cancellation);
        var log = new OperatorActionLog(Settings(DatabaseProvider.Sqlite, sqlite.ConnectionString, null), TimeProvider.System);

        var failure = Assert.ThrowsAsync<OperationException>(() => log.RecordAsync("alice", ActionNames.Cancel, "x", ActionOutcomes.Accepted, null, Cancellation));

        Assert.That(failure!.Kind, Is.EqualTo(OperationFailure.Unreachable));
        Assert.That(failure.Message, Does.Contain("operator_actions").And.Contain("AddOperatorActions"));
    }

    async Task<OperatorSettings> MigratedAsync(DatabaseProvider provider, string? schema, SqliteTestDatabase sqlite)
    {
        var connectionString = provider == DatabaseProvider.Sqlite
            ? sqlite.ConnectionString
            : await (_postgres ??= await PostgreSqlTestCluster.StartAsync()).CreateDatabaseAsync(cancellationToken: Cancellation);
        await using (var db = Connect(provider, connectionString, schema))
            await db.Database.MigrateAsync(Cancellation);
        return Settings(provider, connectionString, schema);
    }

    static OrderSagaDbContext Connect(DatabaseProvider provider, string connectionString, string? schema) =>
        (OrderSagaDbContext)ProviderContext.All().Single(c => c.Name == "orchestrator" && c.Provider == provider)
            .Connect(new DatabaseOptions { Provider = provider, ConnectionString = connectionString, Schema = schema });

    static OperatorSettings Settings(DatabaseProvider provider, string connectionString, string? schema) =>
        OperatorSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{OperatorSettings.OrchestratorDatabaseSection}:Provider"] = provider.ToString(),
            [$"{OperatorSettings.OrchestratorDatabaseSection}:ConnectionString"] = connectionString,
            [$"{OperatorSettings.OrchestratorDatabaseSection}:Schema"] = schema,
        }).Build());
}
