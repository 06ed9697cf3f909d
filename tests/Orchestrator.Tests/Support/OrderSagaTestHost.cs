using MassTransit;
using MassTransit.Scheduling;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Contracts;
using Saga.Persistence.Scheduling;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.TestInfrastructure;
using StoredSchedule = Saga.Persistence.Scheduling.ScheduledMessage;

namespace Saga.Orchestrator.Tests.Support;

/// <summary>
/// The order saga on MassTransit's test harness (in-memory transport) with its real EF Core repository, transactional
/// outbox and durable scheduler on a SQLite file. Tests play the participants: they watch the commands the saga sends and
/// publish the replies. Step deadlines pass when a test moves the services' clock on (<see cref="PassDeadline"/>).
/// </summary>
public sealed class OrderSagaTestHost : IAsyncDisposable
{
    /// <summary>The default: deadlines that never pass in real time while a test runs, only when a test moves the clock on.</summary>
    /// <remarks>
    /// A compensation's deadline is far beyond the steps', so that moving the clock past a step's deadline never passes a
    /// compensation's too; <see cref="PassCompensationDeadline"/> passes it.
    /// </remarks>
    public static readonly OrderStepDeadlines DistantDeadlines =
        new(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)) { FraudCheck = TimeSpan.FromHours(1), Compensation = TimeSpan.FromDays(30) };

    // A cancelled token makes the harness's message lists return what they hold now instead of waiting for more.
    static readonly CancellationToken Snapshot = new(true);

    // What RecordSagaOutput records; every other type is looked up in the harness's own sent and published lists.
    static readonly HashSet<Type> RecordedTypes =
    [
        typeof(ProcessPayment), typeof(RefundPayment), typeof(CheckFraud), typeof(ReserveInventory), typeof(ReleaseInventory), typeof(ScheduleShipment),
        typeof(CancelShipment), typeof(OrderCompleted), typeof(OrderCompensated), typeof(OrderRejected), typeof(OrderCompensationFailed),
    ];

    readonly SqliteTestDatabase _database = new();
    readonly ServiceProvider _provider;
    readonly OrderStepDeadlines _deadlines;

    OrderSagaTestHost(Action<IBusRegistrationConfigurator>? configure, OrderStepDeadlines deadlines, bool messageScheduler, TimeSpan testTimeout,
        OrderFlow? newOrderFlow)
    {
        _deadlines = deadlines;
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Orchestrator:Database:ConnectionString"] = _database.ConnectionString })
            .Build();
        services.AddOrderSagaDatabase(configuration);
        services.AddSingleton(deadlines);
        if (newOrderFlow is not null)
            services.AddSingleton(newOrderFlow);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddMassTransitTestHarness(x =>
        {
            // The harness also stops the outbox's and the scheduler's loops once the test timeout passed since it started.
            x.SetTestTimeouts(testTimeout: testTimeout, testInactivityTimeout: TimeSpan.FromSeconds(10));
            x.AddOrderSaga();
            if (!messageScheduler)
                x.AddSingleton(new DurableSchedulerOptions<OrderSagaDbContext> { QueueName = OrderSagaRegistration.SchedulerQueue, ScheduleInTransaction = false });
            RecordSagaOutput(x);
            configure?.Invoke(x);
            x.UsingInMemory((context, cfg) =>
            {
                if (messageScheduler)
                    cfg.UseMessageScheduler(OrderSagaRegistration.SchedulerAddress(quorumQueues: false));
                cfg.ConfigureEndpoints(context);
            });
        });
        _provider = services.BuildServiceProvider(true);
        Harness = _provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<OrderStateMachine, OrderState>();
        Machine = _provider.GetRequiredService<OrderStateMachine>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<OrderStateMachine, OrderState> Saga { get; }

    public OrderStateMachine Machine { get; }

    /// <summary>The clock of the saga, its outbox and its scheduler.</summary>
    public FakeWallClock Clock { get; } = new(TimeProvider.System.GetUtcNow());

    /// <param name="configure">More registrations, e.g. a participant that always fails.</param>
    /// <param name="deadlines">The saga's step deadlines; <see cref="DistantDeadlines"/> by default.</param>
    /// <param name="messageScheduler">False for a saga with no scheduler at all (neither in its transaction nor on the bus), which runs without deadlines.</param>
    /// <param name="testTimeout">How long each wait may take, and how long the background loops run: 10 s by default.</param>
    /// <param name="newOrderFlow">The flow new orders start on (<c>Orchestrator:DefinitionVersion</c>); the latest by default.</param>
    public static async Task<OrderSagaTestHost> StartAsync(Action<IBusRegistrationConfigurator>? configure = null,
        OrderStepDeadlines? deadlines = null, bool messageScheduler = true, TimeSpan? testTimeout = null, OrderFlow? newOrderFlow = null)
    {
        var host = new OrderSagaTestHost(configure, deadlines ?? DistantDeadlines, messageScheduler, testTimeout ?? TimeSpan.FromSeconds(10),
            newOrderFlow);
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
        var order = await WaitForState(orderId, m => m.AwaitingPayment);
        await Sent<ProcessPayment>(orderId, m => m.OrderId);
        return order;
    }

    /// <summary>Pays the order and, on a flow with a fraud check, passes it; returns once the saga asked for inventory.</summary>
    public async Task<OrderState> PayAndAwaitInventory(Guid orderId, Guid paymentId)
    {
        await Publish(new PaymentProcessed(orderId, paymentId, Orders.ValidTotal, "EUR"));
        if (OrderFlows.Of((await Find(orderId))!.DefinitionVersion).Steps.Contains(OrderSteps.FraudCheck))
            await PassFraudCheck(orderId, Guid.NewGuid());
        var order = await WaitForState(orderId, m => m.AwaitingInventory);
        await Sent<ReserveInventory>(orderId, m => m.OrderId);
        return order;
    }

    /// <summary>Pays the order of a flow with a fraud check and waits for the saga to ask for the check.</summary>
    public async Task<OrderState> PayAndAwaitFraudCheck(Guid orderId, Guid paymentId)
    {
        await Publish(new PaymentProcessed(orderId, paymentId, Orders.ValidTotal, "EUR"));
        return await AwaitFraudCheck(orderId);
    }

    /// <summary>Waits for the saga to be waiting for the fraud check, with <see cref="CheckFraud"/> sent.</summary>
    public async Task<OrderState> AwaitFraudCheck(Guid orderId)
    {
        var order = await WaitForState(orderId, m => m.AwaitingFraudCheck);
        await Sent<CheckFraud>(orderId, m => m.OrderId);
        return order;
    }

    /// <summary>Answers the order's fraud check with a pass (the saga must be waiting for it or about to).</summary>
    public async Task PassFraudCheck(Guid orderId, Guid checkId)
    {
        await AwaitFraudCheck(orderId);
        await Publish(new FraudCheckPassed(orderId, checkId));
    }

    public async Task<OrderState> ReserveAndAwaitShipment(Guid orderId, Guid reservationId)
    {
        await Publish(new InventoryReserved(orderId, reservationId));
        var order = await WaitForState(orderId, m => m.AwaitingShipment);
        await Sent<ScheduleShipment>(orderId, m => m.OrderId);
        return order;
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
        Until(() => SentSoFar(orderId, order).FirstOrDefault(), $"{typeof(T).Name} was not sent for order {orderId}");

    /// <summary>Waits for an event of type <typeparamref name="T"/> for this order to be published, and returns it.</summary>
    public Task<T> Published<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        Until(() => PublishedSoFar(orderId, order).FirstOrDefault(), $"{typeof(T).Name} was not published for order {orderId}");

    /// <summary>
    /// Waits until <paramref name="count"/> matching messages were consumed. The harness records a message as consumed once
    /// the saga has saved its state, with what it sends in its outbox (delivered right after), so what follows sees the outcome.
    /// </summary>
    public Task Consumed<T>(Func<T, bool> filter, int count = 1)
        where T : class =>
        Until(() => Harness.Consumed.Select<T>(x => filter(x.Context.Message), Snapshot).Count() >= count ? typeof(T) : null,
            $"{count} {typeof(T).Name} were not consumed");

    /// <summary>Waits until at least <paramref name="count"/> messages of type <typeparamref name="T"/> were sent for this order.</summary>
    public Task SentTimes<T>(Guid orderId, Func<T, Guid> order, int count)
        where T : class =>
        Until(() => CountSent(orderId, order) >= count ? typeof(T) : null, $"{count} {typeof(T).Name} were not sent for order {orderId}");

    /// <summary>Waits until at least <paramref name="count"/> events of type <typeparamref name="T"/> were published for this order.</summary>
    public Task PublishedTimes<T>(Guid orderId, Func<T, Guid> order, int count)
        where T : class =>
        Until(() => CountPublished(orderId, order) >= count ? typeof(T) : null, $"{count} {typeof(T).Name} were not published for order {orderId}");

    public int CountSent<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        SentSoFar(orderId, order).Count;

    public int CountPublished<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        PublishedSoFar(orderId, order).Count;

    public bool AnySent<T>()
        where T : class =>
        SentSoFar<T>(_ => true).Count > 0;

    public bool AnyPublished<T>()
        where T : class =>
        PublishedSoFar<T>(_ => true).Count > 0;

    List<T> SentSoFar<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        SentSoFar<T>(m => order(m) == orderId);

    List<T> PublishedSoFar<T>(Guid orderId, Func<T, Guid> order)
        where T : class =>
        PublishedSoFar<T>(m => order(m) == orderId);

    // What the saga sends or publishes leaves through the outbox and is seen when a recorder consumes it (RecordSagaOutput);
    // what MassTransit sends or publishes itself (faults, say) is in the harness's own lists.
    List<T> SentSoFar<T>(Func<T, bool> match)
        where T : class =>
    [
        .. Harness.Sent.Select<T>(x => match(x.Context.Message), Snapshot).Select(x => x.Context.Message),
        .. RecordedSoFar(match),
    ];

    List<T> PublishedSoFar<T>(Func<T, bool> match)
        where T : class =>
    [
        .. Harness.Published.Select<T>(x => match(x.Context.Message), Snapshot).Select(x => x.Context.Message),
        .. RecordedSoFar(match),
    ];

    IEnumerable<T> RecordedSoFar<T>(Func<T, bool> match)
        where T : class =>
        RecordedTypes.Contains(typeof(T))
            ? Harness.GetConsumerHarness<MessageRecorder<T>>().Consumed.Select<T>(x => match(x.Context.Message), Snapshot).Select(x => x.Context.Message)
            : [];

    /// <summary>Consumers on the participants' queues and a subscriber to the outcomes, which record what the saga sends and publishes.</summary>
    static void RecordSagaOutput(IBusRegistrationConfigurator bus)
    {
        const string outcomes = "order-outcomes";
        Record<ProcessPayment>(bus, QueueNames.Payment);
        Record<RefundPayment>(bus, QueueNames.Payment);
        Record<CheckFraud>(bus, QueueNames.Payment);
        Record<ReserveInventory>(bus, QueueNames.Inventory);
        Record<ReleaseInventory>(bus, QueueNames.Inventory);
        Record<ScheduleShipment>(bus, QueueNames.Shipping);
        Record<CancelShipment>(bus, QueueNames.Shipping);
        Record<OrderCompleted>(bus, outcomes);
        Record<OrderCompensated>(bus, outcomes);
        Record<OrderRejected>(bus, outcomes);
        Record<OrderCompensationFailed>(bus, outcomes);
    }

    static void Record<T>(IBusRegistrationConfigurator bus, string queue)
        where T : class =>
        bus.AddConsumer<MessageRecorder<T>>().Endpoint(e => e.Name = queue);

    /// <summary>
    /// Moves the services' clock once just past <paramref name="step"/>'s deadline, and returns the order once the saga has
    /// given the step up: a test sees what a passed deadline does without waiting for it. The step's deadline must already
    /// be stored (the test waited for the state that armed it); the move is short of the late-reminder grace, so the
    /// reminder counts as on time. (The reminder itself cannot be awaited in the harness: the scheduler sends it under the
    /// id of the command that scheduled it, already recorded.)
    /// </summary>
    public async Task<OrderState> PassDeadline(Guid orderId, OrderStep step)
    {
        Clock.Advance(_deadlines.For(step) + TimeSpan.FromSeconds(1));
        OrderState? order = null;
        await Eventually(async () => (order = await Find(orderId))?.TimedOutStep == step,
            $"order {orderId} did not give up {step} after its deadline");
        return order!;
    }

    /// <summary>
    /// Moves the services' clock once past the pending compensation's deadline, and returns the order once the saga has
    /// handled it: the compensation sent again, or given up. One move passes exactly one deadline, since the next one is
    /// stored only after the move.
    /// </summary>
    public async Task<OrderState> PassCompensationDeadline(Guid orderId)
    {
        var before = await Find(orderId) ?? throw new InvalidOperationException($"order {orderId} has no saga");
        Clock.Advance(_deadlines.Compensation + TimeSpan.FromSeconds(1));
        OrderState? after = null;
        await Eventually(async () => (after = await Find(orderId))!.CompensationAttempts != before.CompensationAttempts
                || after.CurrentState != before.CurrentState,
            $"order {orderId} did not handle its compensation deadline; it is in {before.CurrentState}");
        return after!;
    }

    /// <summary>
    /// Delivers a deadline reminder straight to the saga, as the scheduler would, and waits until the saga has consumed it:
    /// for a reminder that was already on its way when its step answered. With <paramref name="tokenId"/> it carries that
    /// scheduling token, as MassTransit's own schedulers send it; without, none.
    /// </summary>
    public async Task DeliverReminder<T>(T reminder, Guid? tokenId)
        where T : class
    {
        var endpoint = await Harness.Bus.GetSendEndpoint(new Uri($"queue:{QueueNames.Orders}"));
        await endpoint.Send(reminder, context =>
        {
            if (tokenId is { } token)
                context.Headers.Set(MessageHeaders.SchedulingTokenId, token.ToString("D"));
        });
        await Consumed<T>(x => x.Equals(reminder));
    }

    /// <summary>Waits for the durable scheduler to hold the schedule <paramref name="tokenId"/>, and returns it.</summary>
    public async Task<StoredSchedule> Scheduled(Guid tokenId)
    {
        StoredSchedule? found = null;
        await Eventually(
            async () => (found = await Query(db => db.Set<StoredSchedule>().AsNoTracking().SingleOrDefaultAsync(x => x.TokenId == tokenId))) is not null,
            $"the scheduler holds no schedule {tokenId}");
        return found!;
    }

    /// <summary>Waits until the schedule <paramref name="tokenId"/> is gone from the durable scheduler.</summary>
    public Task Unscheduled(Guid tokenId) =>
        Eventually(async () => !await Query(db => db.Set<StoredSchedule>().AnyAsync(x => x.TokenId == tokenId)),
            $"the scheduler still holds schedule {tokenId}");

    /// <summary>Polls an asynchronous condition until it holds or the test timeout passes.</summary>
    public async Task Eventually(Func<Task<bool>> condition, string failure)
    {
        var giveUpAt = DateTime.UtcNow + Harness.TestTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUpAt)
                Assert.Fail(failure);
            await Task.Delay(20);
        }
    }

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
