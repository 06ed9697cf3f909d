using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Saga.Integration.Tests.Migrations;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Persistence;
using Saga.Settings.Database;

namespace Saga.Integration.Tests.Views;

/// <summary><c>saga_overview</c> and <c>saga_history</c> on a SQLite file migrated as the service migrates it.</summary>
public sealed class OperatorViewsOnSqliteTests
{
    DirectoryInfo _directory = null!;

    static CancellationToken Cancellation => TestContext.CurrentContext.CancellationToken;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("saga-views-");

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    OrderSagaDbContext Connect() =>
        (OrderSagaDbContext)ProviderContext.All().Single(c => c is { Name: "orchestrator", Provider: DatabaseProvider.Sqlite })
            .Connect(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory.FullName, "orchestrator.db")}" });

    [Test]
    public async Task The_views_show_each_saga_its_step_and_ages_and_the_order_sagas_history()
    {
        await using var db = Connect();
        await db.Database.MigrateAsync(Cancellation);
        var ids = await OperatorViewSagas.WriteAsync(db, Cancellation);

        await OperatorViewSagas.AssertViewsShowAsync(db, ids, "", Cancellation);
    }

    [Test]
    public async Task Sagas_from_before_flow_versions_read_version_1_and_reverting_restores_the_old_views()
    {
        await using var db = Connect();
        await db.Database.MigrateAsync(Cancellation);
        var ids = await OperatorViewSagas.WriteAsync(db, Cancellation);

        await OperatorViewSagas.AssertUpgradeKeepsSagasAsync(db, ids, "", Cancellation);
    }

    [Test]
    public async Task The_documented_SQLite_queries_answer_through_the_views()
    {
        await using var db = Connect();
        await db.Database.MigrateAsync(Cancellation);
        var ids = await OperatorViewSagas.WriteAsync(db, Cancellation);

        await DocumentedOperatorQueries.AssertAnswersAsync(db, DocumentedOperatorQueries.For("SQLite"), ids[0], Cancellation);
    }

    [Test]
    public async Task Reverting_the_migrations_drops_the_views_before_the_tables_they_read()
    {
        await using var db = Connect();
        await db.Database.MigrateAsync(Cancellation);

        await OperatorViewSagas.RevertAllAsync(db, Cancellation);

        var (_, rows) = await OperatorViewSagas.QueryAsync(db, "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name", Cancellation);
        var objects = rows.Select(r => $"{r["type"]} {r["name"]}").ToList();
        // SQLite would refuse to drop a table a view still reads.
        Assert.That(objects, Has.None.StartsWith("view ").And.None.EqualTo("table order_sagas").And.None.EqualTo("table saga_transitions"));
    }
}
