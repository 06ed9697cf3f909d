using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;
using Saga.Persistence.Telemetry;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests.Sagas;

/// <summary>
/// The saga repository's race counters, on PostgreSQL: a real version conflict, an insert that finds its row written by
/// another transaction (on arrival and at the end of the opening event), and in pessimistic mode a real wait for a row
/// lock, each seen by a <see cref="System.Diagnostics.Metrics.MeterListener"/> as an exporter would see it.
/// </summary>
public sealed class SagaRaceMetricsTests
{
    string _connectionString = null!;
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;
    SagaMetricRecorder _metrics = null!;
    SagaWriteInterference<TallyState> _interference = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _connectionString = await Servers.PostgreSql.CreateDatabaseAsync();
        _metrics = new SagaMetricRecorder(typeof(TallyState));
        _interference = new SagaWriteInterference<TallyState>();
    }

    [TearDown]
    public async Task Stop()
    {
        _metrics.Dispose();
        if (_harness is not null)
            await _harness.Stop();
        if (_provider is not null)
            await _provider.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await Servers.PostgreSql.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(_connectionString).Database!);
    }

    [Test]
    public async Task An_update_that_lost_to_another_transaction_counts_one_version_conflict_and_is_applied_after_the_retry()
    {
        await Start<TallyStateMachine>(SagaConcurrencyMode.Optimistic);
        var id = await Open();
        // Another transaction changes the row after the event loaded it, just before the repository's UPDATE.
        _interference.Arm(id, EntityState.Modified, () => WithContext(db =>
            db.Tallies.Where(x => x.CorrelationId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1))));

        await _harness.Bus.Publish(new AddToTally(id, 5));

        var tally = await Until(id, x => x.Count == 1);
        Assert.Multiple(() =>
        {
            Assert.That(_interference.Interfered, Is.EqualTo(1), "the other transaction ran");
            Assert.That(_metrics.Sum(SagaRepositoryMetrics.VersionConflictsName), Is.EqualTo(1), "version conflicts");
            Assert.That(_metrics.Sum(SagaRepositoryMetrics.InsertRacesName), Is.Zero, "insert races");
            Assert.That(tally.Total, Is.EqualTo(5), "applied once, on the reloaded row");
        });
    }

    [Test]
    public async Task Events_that_do_not_meet_count_no_conflict()
    {
        await Start<TallyStateMachine>(SagaConcurrencyMode.Optimistic);
        var id = await Open();
        for (var i = 1; i <= 3; i++)
        {
            await _harness.Bus.Publish(new AddToTally(id, i));
            var count = i;
            await Until(id, x => x.Count == count);
        }

        Assert.Multiple(() =>
        {
            Assert.That(_metrics.Sum(SagaRepositoryMetrics.VersionConflictsName), Is.Zero, "version conflicts");
            Assert.That(_metrics.Sum(SagaRepositoryMetrics.InsertRacesName), Is.Zero, "insert races");
        });
    }

    [Test]
    public async Task An_opening_event_inserted_on_arrival_for_a_stored_saga_counts_one_insert_race()
    {
        await Start<InsertingTallyStateMachine>(SagaConcurrencyMode.Optimistic);
        var id = await Open();

        await _harness.Bus.Publish(new OpenTally(id, "again"));

        Assert.That(await _harness.Consumed.Any<OpenTally>(x => x.Context.Message.Name == "again"), Is.True, "opened again");
        Assert.Multiple(() =>
        {
            Assert.That(_metrics.Sum(SagaRepositoryMetrics.InsertRacesName), Is.EqualTo(1), "insert races");
            Assert.That(_metrics.Sum(SagaRepositoryMetrics.VersionConflictsName), Is.Zero, "version conflicts");
        });
    }

    [Test]
    public async Task A_new_saga_whose_row_another_transaction_wrote_first_counts_one_insert_race_and_opens_the_stored_row()
    {
        await Start<TallyStateMachine>(SagaConcurrencyMode.Optimistic);
        var id = Guid.NewGuid();
        // Another consumer's opening event commits the row between this one's load (nothing there) and its insert.
        _interference.Arm(id, EntityState.Added, () => WithContext(db =>
        {
            var now = DateTime.UtcNow;
            db.Tallies.Add(new TallyState { CorrelationId = id, CurrentState = "Initial", Name = "elsewhere", Version = 1, CreatedAt = now, UpdatedAt = now });
            return db.SaveChangesAsync();
        }));

        await _harness.Bus.Publish(new OpenTally(id, "here"));

        var tally = await Until(id, x => x.CurrentState == "Open");
        Assert.Multiple(() =>
        {
            Assert.That(_interference.Interfered, Is.EqualTo(1), "the other transaction ran");
            Assert.That(_metrics.Sum(SagaRepositoryMetrics.InsertRacesName), Is.EqualTo(1), "insert races");
            Assert.That(tally.Name, Is.EqualTo("here"), "the retry opened the stored row");
        });
    }

    [Test]
    public async Task A_locked_read_that_waited_for_another_transaction_records_the_wait_as_its_lock_duration()
    {
        await Start<TallyStateMachine>(SagaConcurrencyMode.Pessimistic);
        var id = await Open();
        var before = _metrics.Values(SagaRepositoryMetrics.LockDurationName).Count;

        await using var holderScope = _provider.CreateAsyncScope();
        var holder = holderScope.ServiceProvider.GetRequiredService<TallyDbContext>();
        await using (var transaction = await holder.Database.BeginTransactionAsync())
        {
            var statement = SagaLockStatement.For<TallyState>(holder, SqlDialects.For(DatabaseProvider.PostgreSql));
            Assert.That(await holder.Tallies.FromSqlRaw(statement, id).AsNoTracking().CountAsync(), Is.EqualTo(1), "locked by the holder");

            await _harness.Bus.Publish(new AddToTally(id, 4));
            DateTime? waitingSince = null;
            await Eventually.Until(async () => (waitingSince = await LockWaitStart(holder)) is not null, "the consumer waits for the row lock");
            var released = await holder.Database.SqlQueryRaw<DateTime>("SELECT clock_timestamp() AT TIME ZONE 'UTC' AS \"Value\"").SingleAsync();
            await transaction.CommitAsync();

            await Until(id, x => x.Count == 1);
            var waited = released - waitingSince!.Value;
            var durations = _metrics.Values(SagaRepositoryMetrics.LockDurationName).Skip(before).ToList();
            Assert.That(durations, Has.Some.GreaterThanOrEqualTo(waited.TotalSeconds),
                $"a locked read that lasted at least the {waited.TotalMilliseconds:0.0} ms the server saw it wait");
        }
    }

    /// <summary>When the statement of a backend that waits for a row lock in this database began (server time, UTC); null if none waits.</summary>
    /// <remarks>
    /// The holder asks inside its open transaction, where PostgreSQL keeps the first look at pg_stat_activity for the rest of
    /// the transaction: the snapshot is dropped before every look, or a first look taken before the consumer got to the
    /// lock would be all it ever sees.
    /// </remarks>
    static async Task<DateTime?> LockWaitStart(TallyDbContext holder)
    {
        await holder.Database.ExecuteSqlRawAsync("SELECT pg_stat_clear_snapshot()");
        return await holder.Database.SqlQueryRaw<DateTime?>(
                "SELECT min(query_start) AT TIME ZONE 'UTC' AS \"Value\" FROM pg_stat_activity " +
                "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
            .SingleAsync();
    }

    async Task Start<TStateMachine>(SagaConcurrencyMode mode)
        where TStateMachine : class, SagaStateMachine<TallyState>
    {
        var services = new ServiceCollection();
        services.AddDbContext<TallyDbContext>(options => options.UseNpgsql(_connectionString).AddInterceptors(_interference));
        services.AddSqlDialect<TallyDbContext>(DatabaseProvider.PostgreSql);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(30), testInactivityTimeout: TimeSpan.FromSeconds(30));
            x.AddSagaStateMachine<TStateMachine, TallyState>()
                .EntityFrameworkRepository(r =>
                {
                    r.ExistingDbContext<TallyDbContext>();
                    r.ConcurrencyMode = mode;
                });
            x.AddSagaTransitionHistory<TallyState>();
            x.AddConfigureEndpointsCallback((_, _, cfg) => cfg.UseMessageRetry(r =>
            {
                r.Handle<DbUpdateException>();
                r.Immediate(3);
            }));
        });
        _provider = services.BuildServiceProvider(true);
        await using (var scope = _provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TallyDbContext>().Database.EnsureCreatedAsync();
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    async Task<Guid> Open()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new OpenTally(id, "first"));
        Assert.That(await Until(id, x => x.CurrentState == "Open"), Is.Not.Null, "opened");
        return id;
    }

    async Task WithContext(Func<TallyDbContext, Task> write)
    {
        await using var scope = _provider.CreateAsyncScope();
        await write(scope.ServiceProvider.GetRequiredService<TallyDbContext>());
    }

    async Task<TallyState> Until(Guid id, Func<TallyState, bool> condition)
    {
        TallyState? tally = null;
        await Eventually.Until(async () =>
        {
            await using var scope = _provider.CreateAsyncScope();
            tally = await scope.ServiceProvider.GetRequiredService<TallyDbContext>().Tallies.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == id);
            return tally is not null && condition(tally);
        }, $"tally {id} is as expected");
        return tally!;
    }
}
