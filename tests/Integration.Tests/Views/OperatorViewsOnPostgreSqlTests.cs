using Microsoft.EntityFrameworkCore;
using Saga.Integration.Tests.Migrations;
using Saga.Integration.Tests.Schemas;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Persistence;
using Saga.Settings.Database;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Views;

/// <summary>
/// <c>saga_overview</c> and <c>saga_history</c> on a real PostgreSQL server (a private cluster), in the default schema and
/// in a configured one: the views are created, and dropped again, where the tables are, and read the schema's tables.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class OperatorViewsOnPostgreSqlTests
{
    PostgreSqlTestCluster? _postgres;

    PostgreSqlTestCluster Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL was not started");

    static CancellationToken Cancellation => TestContext.CurrentContext.CancellationToken;

    static IEnumerable<TestCaseData> Schemas()
    {
        yield return new TestCaseData((string?)null).SetArgDisplayNames("default schema");
        yield return new TestCaseData((string?)SchemaTestDatabases.Schema).SetArgDisplayNames(SchemaTestDatabases.Schema);
    }

    [OneTimeSetUp]
    public async Task Start() => _postgres = await PostgreSqlTestCluster.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    static OrderSagaDbContext Connect(string connectionString, string? schema) =>
        (OrderSagaDbContext)ProviderContext.All().Single(c => c is { Name: "orchestrator", Provider: DatabaseProvider.PostgreSql })
            .Connect(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString, Schema = schema });

    static async Task<List<string>> ViewsIn(DbContext db)
    {
        var (_, rows) = await OperatorViewSagas.QueryAsync(db,
            "SELECT table_schema || '.' || table_name AS name FROM information_schema.views " +
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", Cancellation);
        return rows.Select(r => (string)r["name"]!).ToList();
    }

    [TestCaseSource(nameof(Schemas))]
    public async Task The_views_are_in_the_schema_and_show_each_saga_its_step_and_ages_and_the_history(string? schema)
    {
        var connectionString = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        await using var db = Connect(connectionString, schema);
        await db.Database.MigrateAsync(Cancellation);
        var ids = await OperatorViewSagas.WriteAsync(db, Cancellation);

        var inSchema = schema ?? "public";
        Assert.That(await ViewsIn(db), Is.EqualTo(new[] { $"{inSchema}.saga_history", $"{inSchema}.saga_overview" }));
        await OperatorViewSagas.AssertViewsShowAsync(db, ids, $"{inSchema}.", Cancellation);
    }

    [TestCaseSource(nameof(Schemas))]
    public async Task Sagas_from_before_flow_versions_read_version_1_and_reverting_restores_the_old_views(string? schema)
    {
        var connectionString = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        await using var db = Connect(connectionString, schema);
        await db.Database.MigrateAsync(Cancellation);
        var ids = await OperatorViewSagas.WriteAsync(db, Cancellation);

        await OperatorViewSagas.AssertUpgradeKeepsSagasAsync(db, ids, $"{schema ?? "public"}.", Cancellation);
    }

    [TestCaseSource(nameof(Schemas))]
    public async Task The_documented_PostgreSQL_queries_answer_through_the_views(string? schema)
    {
        var connectionString = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        await using var db = Connect(connectionString, schema);
        await db.Database.MigrateAsync(Cancellation);
        var ids = await OperatorViewSagas.WriteAsync(db, Cancellation);

        // As docs/inspecting-sagas.md says: with a schema, set the search path first.
        if (schema is not null)
            await OperatorViewSagas.QueryAsync(db, $"SET search_path TO {schema}", Cancellation);
        await DocumentedOperatorQueries.AssertAnswersAsync(db, DocumentedOperatorQueries.For("PostgreSQL"), ids[0], Cancellation);
    }

    [TestCaseSource(nameof(Schemas))]
    public async Task Reverting_the_migrations_drops_the_views_in_the_schema(string? schema)
    {
        var connectionString = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        await using var db = Connect(connectionString, schema);
        await db.Database.MigrateAsync(Cancellation);

        await OperatorViewSagas.RevertAllAsync(db, Cancellation);

        Assert.That(await ViewsIn(db), Is.Empty);
        await db.Database.MigrateAsync(Cancellation);
        Assert.That(await ViewsIn(db), Has.Count.EqualTo(2), "and migrating again creates them again");
    }
}
