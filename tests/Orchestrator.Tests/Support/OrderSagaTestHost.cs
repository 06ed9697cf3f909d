using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Contracts;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.Support;

/// <summary>
/// The order saga on MassTransit's test harness (in-memory transport) with its real EF Core repository on a SQLite file.
/// Tests play the participants: they watch the commands the saga sends and publish the replies.
/// </summary>
public sealed class OrderSagaTestHost : IAsyncDisposable
{
    // A cancelled token makes the harness's message lists return what they hold now instead of waiting for more.
    static readonly CancellationToken Snapshot = new(true);
    readonly SqliteTestDatabase _database = new();
    readonly ServiceProvider _provider;

    OrderSagaTestHost(Action<IBusRegistrationConfigurator>? configure)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Orchestrator:Database:ConnectionString"] = _database.ConnectionString })
            .Build();
        services.AddOrderSagaDatabase(configuration);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(10), testInactivityTimeout: TimeSpan.FromSeconds(10));
            x.AddOrderSaga();
            configure?.Invoke(x);
        });
        _provider = services.BuildServiceProvider(true);
        Harness = _provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
        Machine = _provider.GetRequiredService<OrderStateMachine>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<OrderStateMachine, OrderState> Saga { get; }

    public OrderStateMachine Machine { get; }

    public static async Task<OrderSagaTestHost> StartAsync(Action<IBusRegistrationConfigurator>? configure = null)
    {
        var host = new OrderSagaTestHost(configure);
        await using (var scope = host._provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Database.MigrateAsync();
        await host.Harness.Start();
        return host;
    }

    public Task Publish<T>(T message)
        where T : class =>
        Harness.Bus.Publish(message);

    /// <summary>Submits the standard valid order under <paramref name="orderId"/> and waits for the saga to ask for payment.</summary>
    public async Task<OrderState> SubmitAndAwaitPayment(Guid orderId)
    {
        await Publish(Orders.Valid(orderId));
        return await WaitForState(orderId, m => m.AwaitingPayment);
    }

    public async Task<OrderState> PayAndAwaitInventory(Guid orderId, Guid paymentId)
    {
        await Publish(new PaymentProcessed(orderId, paymentId, Orders.ValidTotal, "EUR"));
        return await WaitForState(orderId, m => m.AwaitingInventory);
    }

    public async Task<OrderState> ReserveAndAwaitShipment(Guid orderId, Guid reservationId)
    {
        await Publish(new InventoryReserved(orderId, reservationId));
        return await WaitForState(orderId, m => m.AwaitingShipment);
    }

    /// <summary>Waits until the saga is in <paramref name="state"/>, and fails the test if it does not get there in time.</summary>
    public async Task<OrderState> WaitForState(Guid orderId, Func<OrderStateMachine, State> state)
    {
        var expected = state(Machine).Name;
        var found = await Saga.Exists(orderId, state, Harness.TestTimeout);
        if (found is null)
        {
            var actual = await Find(orderId);
            Assert.Fail($"order {orderId} did not reach {expected}; it is in {actual?.CurrentState ?? "no state (no saga)"}");
        }

        return (await Find(orderId))!;
    }

    public async Task<OrderState?> Find(Guid orderId)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Orders.AsNoTracking()
            .SingleOrDefaultAsync(x => x.CorrelationId == orderId);
    }

    public async Task<T> Query<T>(Func<OrderSagaDbContext, Task<T>> query)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>());
    }

    /// <summary>Waits for a message of type <typeparamref name="T"/> for this order to be sent, and returns it.</summary>
    public Task<T> Sent<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        Until(() => Harness.Sent.Select<T>(x => order(x.Context.Message) == orderId, Snapshot).FirstOrDefault()?.Context.Message,
            $"{typeof(T).Name} was not sent for order {orderId}");

    /// <summary>Waits for an event of type <typeparamref name="T"/> for this order to be published, and returns it.</summary>
    public Task<T> Published<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        Until(() => Harness.Published.Select<T>(x => order(x.Context.Message) == orderId, Snapshot).FirstOrDefault()?.Context.Message,
            $"{typeof(T).Name} was not published for order {orderId}");

    /// <summary>
    /// Waits until <paramref name="count"/> matching messages were consumed. The harness records a message as consumed once
    /// the saga has saved its state and handed on what it sent, so what follows sees the outcome.
    /// </summary>
    public Task Consumed<T>(Func<T, bool> filter, int count = 1)
        where T : class =>
        Until(() => Harness.Consumed.Select<T>(x => filter(x.Context.Message), Snapshot).Count() >= count ? typeof(T) : null,
            $"{count} {typeof(T).Name} were not consumed");

    public int CountSent<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        Harness.Sent.Select<T>(x => order(x.Context.Message) == orderId, Snapshot).Count();

    public int CountPublished<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        Harness.Published.Select<T>(x => order(x.Context.Message) == orderId, Snapshot).Count();

    public bool AnySent<T>()
        where T : class =>
        Harness.Sent.Select<T>(Snapshot).Any();

    public bool AnyPublished<T>()
        where T : class =>
        Harness.Published.Select<T>(Snapshot).Any();

    /// <summary>Polls a condition until it holds or the test timeout passes; the harness's own waits end once the bus has been idle.</summary>
    async Task<T> Until<T>(Func<T?> probe, string failure)
        where T : class
    {
        var deadline = DateTime.UtcNow + Harness.TestTimeout;
        while (true)
        {
            var result = probe();
            if (result is not null)
                return result;
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(failure);
                return null!;
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
        _database.Dispose();
    }
}
