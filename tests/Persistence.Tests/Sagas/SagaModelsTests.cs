using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests.Sagas;

/// <summary>One saga type mapped by more than one EF Core model in one process, as tests and multi-database hosts do.</summary>
public sealed class SagaModelsTests
{
    [Test]
    public async Task A_saga_type_mapped_by_two_models_is_loaded_through_each_of_them()
    {
        // The repository's optimistic load is compiled once; EF Core refuses a compiled query on a model other than its first.
        Assert.That(await OpenAndAdd<TallyDbContext>(), Is.EqualTo(2), "total through the first model");
        Assert.That(await OpenAndAdd<TallyArchiveDbContext>(), Is.EqualTo(2), "total through the second model");
    }

    /// <summary>Opens a tally and adds to it (a load of the stored saga) through <typeparamref name="TContext"/>; returns its total.</summary>
    static async Task<int> OpenAndAdd<TContext>()
        where TContext : DbContext
    {
        using var database = new SqliteTestDatabase();
        var services = new ServiceCollection();
        services.AddDbContext<TContext>(options => options.UseSqlite(database.ConnectionString));
        services.AddSqlDialect<TContext>(DatabaseProvider.Sqlite);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(20));
            x.AddSagaStateMachine<TallyStateMachine, TallyState>().EntityFrameworkRepository(r =>
            {
                r.ExistingDbContext<TContext>();
                r.ConcurrencyMode = SagaConcurrencyMode.Optimistic;
            });
            x.AddSagaTransitionHistory<TallyState>();
        });
        await using var provider = services.BuildServiceProvider(true);
        await using (var scope = provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TContext>().Database.EnsureCreatedAsync();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            var id = NewId.NextGuid();
            await harness.Bus.Publish(new OpenTally(id, typeof(TContext).Name));
            Assert.That(await harness.GetSagaStateMachineHarness<TallyStateMachine, TallyState>().Exists(id, m => m.Open), Is.Not.Null, "opened");
            await harness.Bus.Publish(new AddToTally(id, 2));
            Assert.That(await harness.Consumed.Any<AddToTally>(), Is.True, "added");
            Assert.That(await harness.Published.Any<Fault<AddToTally>>(), Is.False, "faults");

            await using var scope = provider.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<TContext>().Set<TallyState>().AsNoTracking()
                .Where(x => x.CorrelationId == id).Select(x => x.Total).SingleAsync();
        }
        finally
        {
            await harness.Stop();
        }
    }
}
