using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Saga.Hosting.Database;
using Saga.Hosting.Services;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.TestInfrastructure;

namespace Saga.Orchestrator.Tests.Configuration;

/// <summary>
/// The orchestrator's start-up check of the orders in flight, against real rows: it refuses a flow version or a state this
/// build does not know, naming them and their counts, and lets a database of known ones start.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class InFlightFlowCheckTests(DatabaseProvider provider)
{
    SqliteTestDatabase? _sqlite;
    string? _postgreSqlDatabase;
    ServiceProvider _services = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        string connectionString;
        if (provider == DatabaseProvider.PostgreSql)
        {
            connectionString = await (await Servers.PostgreSqlAsync()).CreateDatabaseAsync();
            _postgreSqlDatabase = new NpgsqlConnectionStringBuilder(connectionString).Database;
        }
        else
        {
            _sqlite = new SqliteTestDatabase();
            connectionString = _sqlite.ConnectionString;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{OrderSagaRegistration.DatabaseSection}:Provider"] = provider.ToString(),
            [$"{OrderSagaRegistration.DatabaseSection}:ConnectionString"] = connectionString,
        }).Build();
        _services = new ServiceCollection().AddOrderSagaDatabase(configuration).BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Database.MigrateAsync();
    }

    [TearDown]
    public async Task DropDatabase()
    {
        await _services.DisposeAsync();
        _sqlite?.Dispose();
        if (_postgreSqlDatabase is not null)
            await (await Servers.PostgreSqlAsync()).DropDatabaseAsync(_postgreSqlDatabase);
    }

    [Test]
    public async Task Orders_in_flight_on_known_flows_and_finished_orders_of_any_version_let_it_start()
    {
        await Store(
            (1, "AwaitingInventory"), (1, "Compensating"), (1, "CompensationFailed"), (2, "AwaitingFraudCheck"), (2, "AwaitingPayment"),
            (7, "Completed"), (7, "Compensated"), (7, "Rejected"));

        Assert.DoesNotThrowAsync(() => Check().StartAsync(CancellationToken.None));
    }

    [Test]
    public async Task A_state_the_orders_flow_does_not_have_is_refused_with_its_count()
    {
        await Store((1, "AwaitingFraudCheck"), (1, "AwaitingFraudCheck"), (1, "AwaitingPayment"), (2, "AwaitingGiftWrap"));

        var refused = Assert.ThrowsAsync<StartupRefusedException>(() => Check().StartAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Message, Does.Contain("definition_version 1 in AwaitingFraudCheck: 2 order(s)"));
            Assert.That(refused.Message, Does.Contain("definition_version 2 in AwaitingGiftWrap: 1 order(s)"));
            Assert.That(refused.Message, Does.Not.Contain("AwaitingPayment"));
            Assert.That(refused.Message, Does.Contain("Roll forward").And.Contain("finish or fix those orders"));
        });
    }

    [Test]
    public async Task A_flow_version_this_build_does_not_have_is_refused_with_its_count()
    {
        await Store((3, "AwaitingPayment"), (3, "AwaitingPayment"), (3, "AwaitingPayment"), (2, "AwaitingInventory"));

        var unknown = await Unknown();
        var refused = Assert.ThrowsAsync<StartupRefusedException>(() => Check().StartAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(unknown, Is.EqualTo(new[] { new UnknownFlowState(3, "AwaitingPayment", 3) }));
            Assert.That(refused!.Message, Does.Contain("definition_version 3 in AwaitingPayment: 3 order(s)"));
            Assert.That(refused.Message, Does.Contain("This build knows flow versions v1 (Payment → Inventory → Shipping), v2 ("));
        });
    }

    [Test]
    public void The_orchestrator_service_runs_the_check_after_the_migrations_and_before_the_bus()
    {
        var builder = ServiceHostBuilder.Create([]);
        OrchestratorService.Configure(builder);

        var hosted = builder.Services.Where(x => x.ServiceType == typeof(IHostedService)).Select(x => x.ImplementationType).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(hosted.IndexOf(typeof(InFlightFlowCheck)), Is.GreaterThan(hosted.IndexOf(typeof(MigrateOnStartService))));
            Assert.That(hosted.IndexOf(typeof(InFlightFlowCheck)), Is.LessThan(hosted.FindIndex(x => x?.Name == "MassTransitHostedService")));
        });
    }

    InFlightFlowCheck Check() => new(_services.GetRequiredService<IServiceScopeFactory>(), NullLogger<InFlightFlowCheck>.Instance);

    async Task<IReadOnlyList<UnknownFlowState>> Unknown()
    {
        await using var scope = _services.CreateAsyncScope();
        return await InFlightFlowCheck.FindUnknownAsync(scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>(), CancellationToken.None);
    }

    async Task Store(params (int Version, string State)[] orders)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>();
        var now = DateTime.UtcNow;
        foreach (var (version, state) in orders)
        {
            var id = NewId.NextGuid();
            db.Orders.Add(new OrderState
            {
                CorrelationId = id, OrderId = id, CurrentState = state, DefinitionVersion = version, CustomerId = "CUST-1001", Currency = "EUR",
                CreatedAt = now, UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync();
    }
}
