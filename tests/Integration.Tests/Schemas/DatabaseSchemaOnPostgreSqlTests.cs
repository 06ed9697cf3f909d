using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Saga.Integration.Tests.Migrations;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.Settings.Database;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Schemas;

/// <summary>
/// A configured schema against a real PostgreSQL server (a private cluster of its own, as the end-to-end tests start
/// theirs): the migrations create every table and the history there and nothing in <c>public</c>, the contexts read and
/// write there, the pessimistic lock holds there, and two schemas in one database and one process stay apart.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class DatabaseSchemaOnPostgreSqlTests
{
    const string Schema = SchemaTestDatabases.Schema;

    PostgreSqlTestCluster? _postgres;

    PostgreSqlTestCluster Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL was not started");

    static CancellationToken Cancellation => TestContext.CurrentContext.CancellationToken;

    static IEnumerable<ProviderContext> Contexts() => ProviderContext.All().Where(c => c.Provider == DatabaseProvider.PostgreSql);

    static ProviderContext Orchestrator => Contexts().Single(c => c.Name == "orchestrator");

    [OneTimeSetUp]
    public async Task Start() => _postgres = await PostgreSqlTestCluster.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    static DbContext Connect(ProviderContext context, string connectionString, string? schema) =>
        context.Connect(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString, Schema = schema });

    static OrderSagaDbContext ConnectOrchestrator(string connectionString, string? schema) =>
        (OrderSagaDbContext)Connect(Orchestrator, connectionString, schema);

    /// <summary>Every ordinary table in the database, as <c>schema.table</c>, read from information_schema.</summary>
    static async Task<List<string>> TablesIn(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
            tables.Add(reader.GetString(0));
        return tables;
    }

    static IEnumerable<string> ExpectedTables(DbContext db, string schema) =>
        SchemaTestDatabases.Tables(db).Select(t => $"{schema}.{t.Table}").Append($"{schema}.{HistoryRepository.DefaultTableName}").Order(StringComparer.Ordinal);

    static OrderState Order(Guid id) => new()
    {
        CorrelationId = id,
        OrderId = id,
        CurrentState = "AwaitingPayment",
        CustomerId = "CUST-1001",
        Amount = 12.5m,
        Currency = "EUR",
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };

    [TestCaseSource(nameof(Contexts))]
    public async Task Migrating_puts_every_table_and_the_history_into_the_schema_and_nothing_into_public(ProviderContext context)
    {
        var connectionString = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        await using var db = Connect(context, connectionString, Schema);

        // EF Core refuses to migrate when the model differs from the migrations' snapshot, so this also proves they agree.
        await db.Database.MigrateAsync(Cancellation);

        var tables = await TablesIn(connectionString);
        var applied = await db.Database.GetAppliedMigrationsAsync(Cancellation);
        Assert.Multiple(() =>
        {
            Assert.That(tables, Is.EqualTo(ExpectedTables(db, Schema)));
            Assert.That(applied, Is.EqualTo(db.Database.GetMigrations()), "the history in the schema lists every migration");
        });

        // Migrating again finds everything applied, in the schema's history.
        await using var again = Connect(context, connectionString, Schema);
        await again.Database.MigrateAsync(Cancellation);
        Assert.That(await TablesIn(connectionString), Is.EqualTo(ExpectedTables(db, Schema)));
    }

    [Test]
    public async Task The_orchestrator_reads_writes_and_locks_its_sagas_in_the_schema()
    {
        var connectionString = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        await using (var migrate = ConnectOrchestrator(connectionString, Schema))
            await migrate.Database.MigrateAsync(Cancellation);
        var id = Guid.NewGuid();

        await using (var write = ConnectOrchestrator(connectionString, Schema))
        {
            write.Orders.Add(Order(id));
            await write.SaveChangesAsync(Cancellation);
        }

        await using var db = ConnectOrchestrator(connectionString, Schema);
        var statement = SagaLockStatement.For<OrderState>(db, PostgreSqlDialect.Instance);
        await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
        var locked = await db.Orders.FromSqlRaw(statement, id).ToListAsync(Cancellation);

        // Another connection may not take the row now: NOWAIT fails at once instead of waiting for the lock.
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync(Cancellation);
        await using var probe = new NpgsqlCommand($"SELECT 1 FROM {Schema}.order_sagas WHERE correlation_id = @id FOR UPDATE NOWAIT", other)
        {
            Parameters = { new NpgsqlParameter("id", id) },
        };
        var blocked = Assert.ThrowsAsync<PostgresException>(() => probe.ExecuteScalarAsync(Cancellation));

        Assert.Multiple(() =>
        {
            Assert.That(statement, Is.EqualTo("SELECT * FROM \"saga_custom\".\"order_sagas\" WHERE \"correlation_id\" = {0} FOR UPDATE"));
            Assert.That(locked.Select(o => (o.CorrelationId, o.CustomerId, o.Amount)), Is.EqualTo(new[] { (id, (string?)"CUST-1001", 12.5m) }));
            Assert.That(blocked?.SqlState, Is.EqualTo(PostgresErrorCodes.LockNotAvailable), "the saga row is locked until the transaction ends");
        });
    }

    [Test]
    public async Task Two_schemas_in_one_database_and_one_process_do_not_mix()
    {
        var connectionString = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation);
        string?[] schemas = ["tenant_a", "tenant_b", null];
        var orders = schemas.ToDictionary(schema => schema ?? "public", _ => Guid.NewGuid());

        foreach (var schema in schemas)
        {
            await using var db = ConnectOrchestrator(connectionString, schema);
            await db.Database.MigrateAsync(Cancellation);
        }

        // Contexts of one type take turns, so each model after the first comes from EF Core's model cache.
        foreach (var schema in schemas)
        {
            await using var db = ConnectOrchestrator(connectionString, schema);
            db.Orders.Add(Order(orders[schema ?? "public"]));
            await db.SaveChangesAsync(Cancellation);
        }

        var expectedTables = new List<string>();
        foreach (var schema in schemas)
        {
            await using var db = ConnectOrchestrator(connectionString, schema);
            expectedTables.AddRange(ExpectedTables(db, schema ?? "public"));
            var own = orders[schema ?? "public"];
            var statement = SagaLockStatement.For<OrderState>(db, PostgreSqlDialect.Instance);
            var visible = await db.Orders.Select(o => o.CorrelationId).ToListAsync(Cancellation);
            await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);
            var locked = await db.Orders.FromSqlRaw(statement, own).ToListAsync(Cancellation);

            Assert.Multiple(() =>
            {
                Assert.That(visible, Is.EqualTo(new[] { own }), $"{schema ?? "public"} sees its own saga only");
                Assert.That(locked.Select(o => o.CorrelationId), Is.EqualTo(new[] { own }));
                Assert.That(statement, Does.StartWith(schema is null ? "SELECT * FROM \"order_sagas\"" : $"SELECT * FROM \"{schema}\".\"order_sagas\""));
            });
        }

        Assert.That(await TablesIn(connectionString), Is.EquivalentTo(expectedTables));
    }
}
