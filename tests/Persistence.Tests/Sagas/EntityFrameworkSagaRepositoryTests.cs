using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;
using Saga.Persistence.Transitions;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests.Sagas;

/// <summary>The EF Core saga repository on SQLite, in both concurrency modes: correlation by id and by query, and lookups outside consumption.</summary>
[TestFixture(SagaConcurrencyMode.Optimistic)]
[TestFixture(SagaConcurrencyMode.Pessimistic)]
public sealed class EntityFrameworkSagaRepositoryTests(SagaConcurrencyMode mode)
{
    SqliteTestDatabase _database = null!;
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;

    [SetUp]
    public async Task Start()
    {
        _database = new SqliteTestDatabase();
        var services = new ServiceCollection();
        services.AddDbContext<TallyDbContext>(options => options.UseSqlite(_database.ConnectionString));
        services.AddSqlDialect<TallyDbContext>(DatabaseProvider.Sqlite);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(20));
            x.AddSagaStateMachine<TallyStateMachine, TallyState>()
                .EntityFrameworkRepository(r =>
                {
                    r.ExistingDbContext<TallyDbContext>();
                    r.ConcurrencyMode = mode;
                })
                .Endpoint(e => e.ConcurrentMessageLimit = 8);
            x.AddSagaTransitionHistory<TallyState>();
            x.AddConfigureEndpointsCallback((_, _, cfg) => cfg.UseMessageRetry(r =>
            {
                r.Handle<DbUpdateException>();
                r.Immediate(50);
            }));
        });
        _provider = services.BuildServiceProvider(true);
        await using (var scope = _provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TallyDbContext>().Database.EnsureCreatedAsync();
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    [TearDown]
    public async Task Stop()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
        _database.Dispose();
    }

    [Test]
    public async Task Concurrent_events_for_one_saga_are_all_applied()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new OpenTally(id, "concurrent"));
        var saga = _harness.GetSagaStateMachineHarness<TallyStateMachine, TallyState>();
        Assert.That(await saga.Exists(id, m => m.Open), Is.Not.Null);

        const int events = 40;
        await Task.WhenAll(Enumerable.Range(1, events).Select(i => _harness.Bus.Publish(new AddToTally(id, i))));

        var tally = await WaitForCount(id, events);
        Assert.Multiple(() =>
        {
            Assert.That(tally.Total, Is.EqualTo(events * (events + 1) / 2));
            Assert.That(tally.Version, Is.EqualTo(events + 1), "one version per write: the insert and each event");
            Assert.That(_harness.Published.Select<Fault<AddToTally>>(new CancellationToken(true)).Any(), Is.False);
        });
    }

    [Test]
    public async Task A_stale_update_is_refused_by_the_version_token()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new OpenTally(id, "stale"));
        Assert.That(await _harness.GetSagaStateMachineHarness<TallyStateMachine, TallyState>().Exists(id, m => m.Open), Is.Not.Null);

        await using var first = _provider.CreateAsyncScope();
        await using var second = _provider.CreateAsyncScope();
        var firstDb = first.ServiceProvider.GetRequiredService<TallyDbContext>();
        var secondDb = second.ServiceProvider.GetRequiredService<TallyDbContext>();
        var a = await firstDb.Tallies.SingleAsync(x => x.CorrelationId == id);
        var b = await secondDb.Tallies.SingleAsync(x => x.CorrelationId == id);

        a.Total = 1;
        a.Version++;
        await firstDb.SaveChangesAsync();
        b.Total = 2;
        b.Version++;

        Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => secondDb.SaveChangesAsync());
    }

    [Test]
    public async Task Events_correlated_by_a_query_expression_reach_the_matching_saga()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new OpenTally(id, "by-name"));
        await _harness.Bus.Publish(new OpenTally(Guid.NewGuid(), "other"));
        Assert.That(await _harness.GetSagaStateMachineHarness<TallyStateMachine, TallyState>().Exists(id, m => m.Open), Is.Not.Null);

        await _harness.Bus.Publish(new AddToTallyByName("by-name", 5));
        await _harness.Bus.Publish(new AddToTallyByName("by-name", 7));

        var tally = await WaitForCount(id, 2);
        Assert.That(tally.Total, Is.EqualTo(12));
        await using var scope = _provider.CreateAsyncScope();
        var other = await scope.ServiceProvider.GetRequiredService<TallyDbContext>().Tallies.SingleAsync(x => x.Name == "other");
        Assert.That(other.Total, Is.Zero);
    }

    [Test]
    public async Task Load_and_query_repositories_read_stored_sagas()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new OpenTally(id, "lookup"));
        Assert.That(await _harness.GetSagaStateMachineHarness<TallyStateMachine, TallyState>().Exists(id, m => m.Open), Is.Not.Null);

        var loaded = await _provider.GetRequiredService<ILoadSagaRepository<TallyState>>().Load(id);
        var found = await _provider.GetRequiredService<IQuerySagaRepository<TallyState>>()
            .Find(new SagaQuery<TallyState>(x => x.Name == "lookup"));

        Assert.Multiple(() =>
        {
            Assert.That(loaded?.Name, Is.EqualTo("lookup"));
            Assert.That(loaded?.CreatedAt, Is.Not.EqualTo(default(DateTime)));
            Assert.That(found, Is.EqualTo(new[] { id }));
        });
    }

    [Test]
    public async Task A_saga_without_a_flow_version_records_its_transitions_without_one()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new OpenTally(id, "unversioned"));
        Assert.That(await _harness.GetSagaStateMachineHarness<TallyStateMachine, TallyState>().Exists(id, m => m.Open), Is.Not.Null);

        await using var scope = _provider.CreateAsyncScope();
        var transition = await scope.ServiceProvider.GetRequiredService<TallyDbContext>().Set<SagaTransition>().SingleAsync(t => t.CorrelationId == id);
        Assert.Multiple(() =>
        {
            Assert.That(transition.MessageType, Is.EqualTo("urn:message:Saga.Persistence.Tests.Sagas:OpenTally"));
            Assert.That(transition.DefinitionVersion, Is.Null);
        });
    }

    async Task<TallyState> WaitForCount(Guid id, int count)
    {
        var deadline = DateTime.UtcNow + _harness.TestTimeout;
        while (true)
        {
            await using (var scope = _provider.CreateAsyncScope())
            {
                var tally = await scope.ServiceProvider.GetRequiredService<TallyDbContext>().Tallies.AsNoTracking().SingleAsync(x => x.CorrelationId == id);
                if (tally.Count >= count || DateTime.UtcNow > deadline)
                    return tally;
            }

            await Task.Delay(20);
        }
    }
}
