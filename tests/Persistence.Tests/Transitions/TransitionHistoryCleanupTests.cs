using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Saga.Persistence.Dialects;
using Saga.Persistence.Transitions;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests.Transitions;

/// <summary>
/// The transition history cleanup: transitions older than the retention go, newer ones stay, a pass stops at its batch
/// bound, and each statement reads the table from the start of its primary key rather than all of it.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class TransitionHistoryCleanupTests(DatabaseProvider provider)
{
    static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    const int BatchSize = 7;
    const int MaxBatches = 2;

    string _connectionString = null!;
    ServiceProvider _services = null!;
    FakeWallClock _clock = null!;

    DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [SetUp]
    public async Task Start()
    {
        _connectionString = provider == DatabaseProvider.PostgreSql
            ? await Servers.PostgreSql.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(Path.GetTempPath(), $"saga-history-test-{Guid.NewGuid():N}.db")};Pooling=False";
        // Whole seconds, which every provider stores exactly.
        _clock = new FakeWallClock(new DateTimeOffset(2030, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton<TimeProvider>(_clock);
        services.AddDbContext<AuditedDbContext>(options =>
        {
            if (provider == DatabaseProvider.PostgreSql)
                options.UseNpgsql(_connectionString);
            else
                options.UseSqlite(_connectionString);
        });
        services.AddSqlDialect<AuditedDbContext>(provider);
        services.AddTransitionHistoryCleanup<AuditedDbContext>(options =>
        {
            options.Retention = Retention;
            options.CleanupBatchSize = BatchSize;
            options.MaxBatchesPerPass = MaxBatches;
        });
        _services = services.BuildServiceProvider(true);
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    [TearDown]
    public async Task Stop()
    {
        await _services.DisposeAsync();
        if (provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(new SqliteConnectionStringBuilder(_connectionString).DataSource);
        }
        else
        {
            await Servers.PostgreSql.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(_connectionString).Database!);
        }
    }

    AuditedDbContext NewContext() => _services.CreateScope().ServiceProvider.GetRequiredService<AuditedDbContext>();

    TransitionHistoryCleanup<AuditedDbContext> Cleanup => _services.GetRequiredService<TransitionHistoryCleanup<AuditedDbContext>>();

    /// <summary>Writes transitions one after another, so that ids grow with <paramref name="occurredAt"/> as the recorder's do.</summary>
    async Task<List<long>> AddTransitions(int count, DateTime occurredAt)
    {
        await using var db = NewContext();
        var rows = Enumerable.Range(0, count).Select(i => new SagaTransition
        {
            CorrelationId = Guid.NewGuid(), SagaType = "AuditedState", FromState = "Initial", ToState = "Waiting", Event = "Started",
            MessageId = Guid.NewGuid(), MessageType = "urn:message:Saga.Persistence.Tests.Transitions:StartAudit", DefinitionVersion = 1,
            OccurredAt = occurredAt,
        }).ToList();
        db.Transitions.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    async Task<List<long>> RemainingIds()
    {
        await using var db = NewContext();
        return await db.Transitions.OrderBy(t => t.Id).Select(t => t.Id).ToListAsync();
    }

    [Test]
    public async Task Transitions_older_than_the_retention_go_and_newer_ones_stay()
    {
        var old = await AddTransitions(10, Now - Retention - TimeSpan.FromSeconds(1));
        var kept = (await AddTransitions(1, Now - Retention)).Concat(await AddTransitions(3, Now - TimeSpan.FromDays(1))).ToList();

        var result = await Cleanup.RunOnce(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result, Is.EqualTo(new TransitionCleanupResult(old.Count, Batches: 2, MoreLeft: false)));
            Assert.That(await RemainingIds(), Is.EqualTo(kept), "the one exactly at the retention's edge included");
        });

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await Cleanup.RunOnce(CancellationToken.None)).Deleted, Is.EqualTo(1), "the edge, once past it");
    }

    [Test]
    public async Task A_pass_stops_after_its_batch_bound_and_the_next_one_goes_on()
    {
        var old = await AddTransitions(BatchSize * MaxBatches + 4, Now - Retention - TimeSpan.FromDays(1));
        var kept = await AddTransitions(2, Now);

        var first = await Cleanup.RunOnce(CancellationToken.None);
        var afterFirst = await RemainingIds();
        var second = await Cleanup.RunOnce(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(new TransitionCleanupResult(BatchSize * MaxBatches, MaxBatches, MoreLeft: true)));
            Assert.That(afterFirst, Is.EqualTo(old.Skip(BatchSize * MaxBatches).Concat(kept)), "the oldest ids first");
            Assert.That(second, Is.EqualTo(new TransitionCleanupResult(4, Batches: 1, MoreLeft: false)));
            Assert.That(await RemainingIds(), Is.EqualTo(kept));
        });
    }

    [Test]
    public async Task A_pass_with_nothing_old_runs_one_statement_and_deletes_nothing()
    {
        var kept = await AddTransitions(20, Now - TimeSpan.FromDays(1));

        var result = await Cleanup.RunOnce(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result, Is.EqualTo(new TransitionCleanupResult(0, Batches: 1, MoreLeft: false)));
            Assert.That(await RemainingIds(), Is.EqualTo(kept));
        });
    }

    [Test]
    public async Task An_infinite_retention_keeps_every_transition()
    {
        var old = await AddTransitions(3, Now - TimeSpan.FromDays(3650));
        _services.GetRequiredService<TransitionHistoryOptions<AuditedDbContext>>().Retention = Timeout.InfiniteTimeSpan;

        var result = await Cleanup.RunOnce(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result, Is.EqualTo(default(TransitionCleanupResult)));
            Assert.That(await RemainingIds(), Is.EqualTo(old));
        });
    }

    [Test]
    public async Task The_delete_reads_the_primary_key_from_its_start_and_never_the_whole_table()
    {
        await AddTransitions(5_000, Now - TimeSpan.FromDays(1));
        await using var db = NewContext();
        var dialect = SqlDialects.For(provider);
        const string table = "\"saga_transitions\"";
        var cutoff = provider == DatabaseProvider.PostgreSql ? "TIMESTAMP '2029-12-16 12:00:00'" : "'2029-12-16 12:00:00'";
        var statement = string.Format(System.Globalization.CultureInfo.InvariantCulture,
            dialect.DeleteFromKeyStart(table, "\"Id\"", $"\"OccurredAt\" < {{1}}"), BatchSize, cutoff);

        var plan = await ExplainAsync(db, statement);

        if (provider == DatabaseProvider.PostgreSql)
            Assert.That(plan, Does.Not.Contain("Seq Scan").And.Contain("Limit").And.Contain("Index"), plan);
        else
            Assert.That(plan, Does.Contain("USING INTEGER PRIMARY KEY").And.Not.Contain("TEMP B-TREE"), plan);
    }

    async Task<string> ExplainAsync(DbContext db, string statement)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        if (provider == DatabaseProvider.PostgreSql)
        {
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE \"saga_transitions\"";
            await analyze.ExecuteNonQueryAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = (provider == DatabaseProvider.PostgreSql ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + statement;
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
            lines.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)?.ToString())));
        return string.Join("\n", lines);
    }
}
