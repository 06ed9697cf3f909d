using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Contracts;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.TestInfrastructure;

namespace Saga.Orchestrator.Tests.Support;

/// <summary>
/// The order saga registered from the orchestrator's settings, as <see cref="OrchestratorService"/> does
/// (<c>Orchestrator:SagaRepository</c>, <c>Orchestrator:Outbox:Enabled</c>), on MassTransit's test harness with a SQLite
/// file. Tests play the participants; recorders on their queues and on the outcomes see what the saga sends and publishes.
/// </summary>
public sealed class ConfiguredOrderSagaHost : IAsyncDisposable
{
    static readonly OrderStepDeadlines DistantDeadlines = new(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)) { FraudCheck = TimeSpan.FromHours(1) };

    readonly SqliteTestDatabase _database = new();
    readonly ServiceProvider _provider;

    ConfiguredOrderSagaHost(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(settings) { [$"{OrderSagaRegistration.DatabaseSection}:ConnectionString"] = _database.ConnectionString })
            .Build();
        var options = configuration.GetSection(OrderSagaOptions.Section).Get<OrderSagaOptions>() ?? new OrderSagaOptions();

        var services = new ServiceCollection();
        services.AddOrderSagaDatabase(configuration);
        services.AddSingleton(DistantDeadlines);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(10), testInactivityTimeout: TimeSpan.FromSeconds(10));
            x.AddConfiguredOrderSaga(options);
            Record<ProcessPayment>(x, QueueNames.Payment);
            Record<CheckFraud>(x, QueueNames.Payment);
            Record<ReserveInventory>(x, QueueNames.Inventory);
            Record<ScheduleShipment>(x, QueueNames.Shipping);
            Record<OrderCompleted>(x, "order-outcomes");
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        _provider = services.BuildServiceProvider(true);
        Harness = _provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<OrderStateMachine, OrderState> Saga { get; }

    public IServiceProvider Services => _provider;

    public static async Task<ConfiguredOrderSagaHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var host = new ConfiguredOrderSagaHost(settings);
        await using (var scope = host._provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Database.MigrateAsync();
        await host.Harness.Start();
        return host;
    }

    /// <summary>Submits a valid order and answers every step with success, as the participants would; returns once the saga published <see cref="OrderCompleted"/>.</summary>
    public async Task CompleteOrder(Guid orderId)
    {
        await Harness.Bus.Publish(Orders.Valid(orderId));
        await Received<ProcessPayment>(m => m.OrderId == orderId);
        await Harness.Bus.Publish(new PaymentProcessed(orderId, Guid.NewGuid(), Orders.ValidTotal, "EUR"));
        await Received<CheckFraud>(m => m.OrderId == orderId);
        await Harness.Bus.Publish(new FraudCheckPassed(orderId, Guid.NewGuid()));
        await Received<ReserveInventory>(m => m.OrderId == orderId);
        await Harness.Bus.Publish(new InventoryReserved(orderId, Guid.NewGuid()));
        await Received<ScheduleShipment>(m => m.OrderId == orderId);
        await Harness.Bus.Publish(new ShipmentScheduled(orderId, Guid.NewGuid()));
        await Received<OrderCompleted>(m => m.OrderId == orderId);
    }

    /// <summary>Rows in the orchestrator's table of <typeparamref name="T"/>, read through a fresh context.</summary>
    public async Task<int> Count<T>()
        where T : class
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Set<T>().CountAsync();
    }

    async Task Received<T>(Func<T, bool> match)
        where T : class =>
        Assert.That(await Harness.GetConsumerHarness<MessageRecorder<T>>().Consumed.Any<T>(x => match(x.Context.Message)), Is.True,
            $"the saga did not send or publish {typeof(T).Name}");

    static void Record<T>(IBusRegistrationConfigurator bus, string queue)
        where T : class =>
        bus.AddConsumer<MessageRecorder<T>>().Endpoint(e => e.Name = queue);

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        _database.Dispose();
    }
}
