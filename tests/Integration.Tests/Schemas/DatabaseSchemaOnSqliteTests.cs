using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Hosting.Database;
using Saga.Integration.Tests.Migrations;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.Settings.Database;

namespace Saga.Integration.Tests.Schemas;

/// <summary>
/// SQLite has no schemas: a configured schema is accepted and ignored there (the file is the service's own namespace),
/// with a warning, and the database works exactly as without it.
/// </summary>
public sealed class DatabaseSchemaOnSqliteTests
{
    DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("saga-schema-");

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Test]
    public async Task A_schema_is_ignored_with_a_warning_and_the_database_works_as_without_it()
    {
        var file = Path.Combine(_directory.FullName, "orchestrator.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{OrderSagaRegistration.DatabaseSection}:ConnectionString"] = $"Data Source={file}",
            [$"{OrderSagaRegistration.DatabaseSection}:Schema"] = SchemaTestDatabases.Schema,
        }).Build();
        var log = new RecordingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(log))
            .AddOrderSagaDatabase(configuration)
            .AddSingleton<DatabaseMigrator>();
        await using var provider = services.BuildServiceProvider();

        var settings = provider.GetRequiredService<IOptionsMonitor<DatabaseOptions>>().Get(OrderSagaRegistration.DatabaseSection);
        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(_ => true, CancellationToken.None);

        var id = Guid.NewGuid();
        await using (var scope = provider.CreateAsyncScope())
        {
            var write = scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>();
            write.Orders.Add(new OrderState { CorrelationId = id, OrderId = id, CurrentState = "AwaitingPayment", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            await write.SaveChangesAsync();
        }

        await using var read = provider.CreateAsyncScope();
        var db = read.ServiceProvider.GetRequiredService<OrderSagaDbContext>();
        var statement = SagaLockStatement.For<OrderState>(db, SqliteDialect.Instance);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var locked = await db.Orders.FromSqlRaw(statement, id).ToListAsync();
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' ORDER BY name").ToListAsync();

        Assert.Multiple(() =>
        {
            Assert.That(settings.Schema, Is.EqualTo(SchemaTestDatabases.Schema), "the setting is accepted");
            Assert.That(log.Entries, Has.Some.EqualTo((LogLevel.Warning,
                $"{OrderSagaRegistration.DatabaseSection}:Schema 'saga_custom' is ignored: SQLite has no schemas; the tables are in the database file itself")));
            Assert.That(db.Model.GetDefaultSchema(), Is.Null);
            Assert.That(SchemaTestDatabases.Tables(db).Select(t => t.Schema), Is.All.Null);
            Assert.That(tables, Is.SupersetOf(new[] { "__EFMigrationsHistory", "order_sagas", "saga_transitions" }));
            Assert.That(statement, Is.EqualTo("SELECT * FROM \"order_sagas\" WHERE \"correlation_id\" = {0}"));
            Assert.That(locked.Select(o => o.CorrelationId), Is.EqualTo(new[] { id }));
        });
    }

    [Test]
    public void A_SQLite_model_is_the_same_with_or_without_a_schema()
    {
        foreach (var context in ProviderContext.All().Where(c => c.Provider == DatabaseProvider.Sqlite))
        {
            using var withSchema = context.InSchema(SchemaTestDatabases.Schema);
            using var without = context.InSchema(null);

            Assert.That(SchemaTestDatabases.Tables(withSchema), Is.EqualTo(SchemaTestDatabases.Tables(without)), context.ToString());
            Assert.That(withSchema.Database.HasPendingModelChanges(), Is.False, context.ToString());
        }
    }
}
