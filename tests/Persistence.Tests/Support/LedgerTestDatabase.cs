using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Saga.Persistence.Dialects;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// The ledger's database for one test class: a SQLite file of its own, or a database of its own on the private PostgreSQL
/// cluster. The schema is created once; every test starts from empty tables.
/// </summary>
public sealed class LedgerTestDatabase : IAsyncDisposable
{
    readonly string _connectionString;

    LedgerTestDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        _connectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }

    public static async Task<LedgerTestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var connectionString = provider switch
        {
            // Pooling off, so that no connection keeps the file open once a test host is gone.
            DatabaseProvider.Sqlite => $"Data Source={Path.Combine(Path.GetTempPath(), $"saga-outbox-test-{Guid.NewGuid():N}.db")};Pooling=False",
            DatabaseProvider.PostgreSql => await Servers.PostgreSql.CreateDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };

        var database = new LedgerTestDatabase(provider, connectionString);
        await using var db = database.NewContext();
        await db.Database.EnsureCreatedAsync();
        return database;
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(_connectionString);
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(_connectionString);
                break;
        }
    }

    /// <summary>A context outside any test host, for setting up and inspecting the database.</summary>
    public LedgerDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>();
        Configure(options);
        return new LedgerDbContext(options.Options);
    }

    public async Task ResetAsync()
    {
        await using var db = NewContext();
        await db.Set<OutboxMessage>().ExecuteDeleteAsync();
        await db.Set<OutboxBatch>().ExecuteDeleteAsync();
        await db.Set<InboxMessage>().ExecuteDeleteAsync();
        await db.Charges.ExecuteDeleteAsync();
        await db.Set<ScheduledMessage>().ExecuteDeleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        switch (Provider)
        {
            case DatabaseProvider.Sqlite:
                var path = new SqliteConnectionStringBuilder(_connectionString).DataSource;
                foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
                    File.Delete(file);
                break;
            case DatabaseProvider.PostgreSql:
                await Servers.PostgreSql.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(_connectionString).Database!);
                break;
        }
    }
}
