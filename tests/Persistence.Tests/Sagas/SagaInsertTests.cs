using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;

namespace Saga.Persistence.Tests.Sagas;

/// <summary>
/// A saga inserted on its opening event, on PostgreSQL in pessimistic mode: the insert runs inside the repository's
/// transaction, and a second opening event's insert fails on the stored row. PostgreSQL aborts a transaction on a failed
/// statement, so the load that follows only works if the failed insert was rolled back to a savepoint.
/// </summary>
public sealed class SagaInsertTests
{
    string _connectionString = null!;
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;

    [SetUp]
    public async Task Start()
    {
        _connectionString = await Servers.PostgreSql.CreateDatabaseAsync();
        var services = new ServiceCollection();
        services.AddDbContext<TallyDbContext>(options => options.UseNpgsql(_connectionString));
        services.AddSqlDialect<TallyDbContext>(DatabaseProvider.PostgreSql);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(60));
            x.AddSagaStateMachine<InsertingTallyStateMachine, TallyState>()
                .EntityFrameworkRepository(r =>
                {
                    r.ExistingDbContext<TallyDbContext>();
                    r.ConcurrencyMode = SagaConcurrencyMode.Pessimistic;
                });
            x.AddSagaTransitionHistory<TallyState>();
            x.AddConfigureEndpointsCallback((_, _, cfg) => cfg.UseMessageRetry(r => r.Immediate(3)));
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
        await Servers.PostgreSql.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(_connectionString).Database!);
    }

    [Test]
    public async Task An_opening_event_for_a_stored_saga_finds_it_after_its_insert_fails()
    {
        var id = Guid.NewGuid();
        var saga = _harness.GetSagaStateMachineHarness<InsertingTallyStateMachine, TallyState>();
        await _harness.Bus.Publish(new OpenTally(id, "first"));
        Assert.That(await saga.Exists(id, m => m.Open), Is.Not.Null, "opened");

        await _harness.Bus.Publish(new OpenTally(id, "again"));
        await _harness.Bus.Publish(new AddToTally(id, 3));

        Assert.That(await _harness.Consumed.Any<OpenTally>(x => x.Context.Message.Name == "again"), Is.True, "opened again");
        Assert.That(await _harness.Consumed.Any<AddToTally>(), Is.True, "added to");
        // A cancelled token: what the harness holds now, without waiting for more.
        var again = _harness.Consumed.Select<OpenTally>(x => x.Context.Message.Name == "again", new CancellationToken(true)).ToList();
        await using var scope = _provider.CreateAsyncScope();
        var tally = await scope.ServiceProvider.GetRequiredService<TallyDbContext>().Tallies.AsNoTracking().SingleAsync(x => x.CorrelationId == id);
        Assert.Multiple(() =>
        {
            Assert.That(again.Select(x => x.Exception?.Message), Is.All.Null, "attempts of the second opening that failed");
            Assert.That((tally.Name, tally.Total), Is.EqualTo(("first", 3)), "the stored tally");
        });
    }
}
