using MassTransit;
using MassTransit.Events;
using MassTransit.Logging;
using MassTransit.Metadata;
using MassTransit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Participants.Configuration;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Shipping.Data;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Exploration.Tests.Harness;

/// <summary>
/// The real order saga (EF Core repository, outbox, inbox and transition history on SQLite) and the real participants
/// (their consumers and SQLite databases) on two in-memory buses of MassTransit's test harness, with the <see cref="Relay"/>
/// between them: nothing passes from one to the other unless a schedule delivers it. One host serves many orders.
/// </summary>
public sealed class ExplorationHost : IAsyncDisposable
{
    /// <summary>Deadlines that never pass by themselves: a schedule passes one by delivering its reminder.</summary>
    static readonly OrderStepDeadlines Deadlines =
        new(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)) { Compensation = TimeSpan.FromHours(1), CompensationAttempts = 3 };

    readonly DirectoryInfo _directory;
    readonly ServiceProvider _saga;
    readonly ServiceProvider _participants;
    readonly SagaDeliveries _deliveries;

    ExplorationHost(DirectoryInfo directory, TimeSpan runFor)
    {
        _directory = directory;
        Relay = new Relay();
        _deliveries = new SagaDeliveries(Relay);

        var sagaServices = new ServiceCollection();
        sagaServices.AddOrderSagaDatabase(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Orchestrator:Database:ConnectionString"] = ConnectionString("orchestrator.db") })
            .Build());
        // Thousands of orders: only warnings and errors are worth the output.
        sagaServices.Configure<TextWriterLoggerOptions>(options => options.LogLevel = LogLevel.Warning);
        sagaServices.AddSingleton(Deadlines);
        sagaServices.AddSingleton(Relay);
        sagaServices.AddMassTransitTestHarness(x =>
        {
            // The harness stops the outbox's and the scheduler's loops once its test timeout passed: it must outlast the run.
            x.SetTestTimeouts(testTimeout: runFor, testInactivityTimeout: runFor);
            var relay = new Uri($"queue:{CommandCapture.Queue}");
            x.AddOrderSaga(participants: ParticipantAddresses.All(relay));
            x.AddConsumer<CommandCapture>().Endpoint(e => e.Name = CommandCapture.Queue);
            x.UsingInMemory((context, cfg) =>
            {
                cfg.UseMessageScheduler(OrderSagaRegistration.SchedulerAddress(quorumQueues: false));
                cfg.ConfigureEndpoints(context);
            });
        });
        _saga = sagaServices.BuildServiceProvider(true);

        var participantServices = new ServiceCollection();
        participantServices.AddParticipantDatabases(DatabaseProvider.Sqlite,
            o => o.UseSqlite(ConnectionString("payment.db")),
            o => o.UseSqlite(ConnectionString("inventory.db")),
            o => o.UseSqlite(ConnectionString("shipping.db")));
        participantServices.Configure<TextWriterLoggerOptions>(options => options.LogLevel = LogLevel.Warning);
        participantServices.AddSingleton(Relay);
        participantServices.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: runFor, testInactivityTimeout: runFor);
            x.AddParticipantConsumers();
            x.AddConsumer<ReplyCapture>();
        });
        _participants = participantServices.BuildServiceProvider(true);

        SagaBus = _saga.GetRequiredService<ITestHarness>();
        ParticipantsBus = _participants.GetRequiredService<ITestHarness>();
    }

    public Relay Relay { get; }

    ITestHarness SagaBus { get; }

    ITestHarness ParticipantsBus { get; }

    /// <summary>How long one wait for the saga or a participant may take before the schedule counts as stuck.</summary>
    public static TimeSpan StepTimeout { get; } = TimeSpan.FromSeconds(20);

    /// <param name="runFor">How long the buses' background loops may run: longer than the whole exploration.</param>
    public static async Task<ExplorationHost> StartAsync(TimeSpan runFor)
    {
        var host = new ExplorationHost(DatabaseDirectory(), runFor);
        await using (var scope = host._saga.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Database.MigrateAsync();
        await using (var scope = host._participants.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaymentDbContext>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<ShippingDbContext>().Database.EnsureCreatedAsync();
        }

        await ParticipantSeeder.SeedAsync(host._participants);
        await host.SagaBus.Start();
        await host.ParticipantsBus.Start();
        host.SagaBus.Bus.ConnectSendObserver(new RelaySendCounter(host.Relay));
        host.SagaBus.Bus.ConnectConsumeObserver(host._deliveries);
        return host;
    }

    /// <summary>Gives the order its own customer account and SKU, so that orders explored side by side never compete for credit or stock.</summary>
    public async Task Seed(string customerId, decimal creditLimit, string sku, int onHand)
    {
        await using var scope = _participants.CreateAsyncScope();
        var payment = scope.ServiceProvider.GetRequiredService<PaymentDbContext>();
        payment.CustomerAccounts.Add(new CustomerAccount(customerId, "EUR", creditLimit));
        await payment.SaveChangesAsync();
        var inventory = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        inventory.StockItems.Add(new StockItem(sku, "explored item", onHand));
        await inventory.SaveChangesAsync();
    }

    /// <summary>Hands the saga a message (a submission, a cancellation, an operator's retry, a reply, a reminder) and waits until it has been consumed and what it sent has reached the relay.</summary>
    public async Task ToSaga(object message, Guid? schedulingToken = null)
    {
        var id = NewId.NextGuid();
        var consumed = _deliveries.Expect(id);
        var endpoint = await SagaBus.Bus.GetSendEndpoint(new Uri($"queue:{QueueNames.Orders}"));
        await endpoint.Send(message, context =>
        {
            context.MessageId = id;
            if (schedulingToken is { } token)
                context.Headers.Set(MessageHeaders.SchedulingTokenId, token.ToString("D"));
        });
        await consumed.WaitAsync(StepTimeout);
        await SagaOutputArrived();
    }

    /// <summary>Hands a participant a command and waits for its answer (a reply or a fault) to reach the relay.</summary>
    public async Task ToParticipant(object command)
    {
        var mailbox = Relay.For(Messages.OrderOf(command));
        var before = mailbox.Replies;
        var endpoint = await ParticipantsBus.Bus.GetSendEndpoint(new Uri($"queue:{Messages.QueueOf(command)}"));
        await endpoint.Send(command, context => context.MessageId = NewId.NextGuid());
        await Relay.Changed.Until(() => mailbox.Replies > before, StepTimeout,
            () => $"{command.GetType().Name} for order {Messages.OrderOf(command)} was not answered");
    }

    /// <summary>A command's fault as MassTransit publishes it when a participant's consumer gives up on it.</summary>
    public static object FaultOf(object command)
    {
        var exception = new InvalidOperationException("participant failed (injected by the exploration)");
        return command switch
        {
            ProcessPayment m => Fault(m, exception),
            RefundPayment m => Fault(m, exception),
            CheckFraud m => Fault(m, exception),
            ReserveInventory m => Fault(m, exception),
            ReleaseInventory m => Fault(m, exception),
            ScheduleShipment m => Fault(m, exception),
            CancelShipment m => Fault(m, exception),
            _ => throw new ArgumentException($"{command.GetType().Name} is not a participant's command", nameof(command)),
        };
    }

    static FaultEvent<T> Fault<T>(T message, Exception exception)
        where T : class =>
        new(message, NewId.NextGuid(), HostMetadataCache.Host, exception, [MessageUrn.ForTypeString<T>()]);

    public async Task<OrderState?> Order(Guid orderId)
    {
        await using var scope = _saga.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Orders.AsNoTracking()
            .SingleOrDefaultAsync(x => x.CorrelationId == orderId);
    }

    public async Task<T> QuerySaga<T>(Func<OrderSagaDbContext, Task<T>> query)
    {
        await using var scope = _saga.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>());
    }

    public async Task<T> QueryParticipant<TContext, T>(Func<TContext, Task<T>> query)
        where TContext : DbContext
    {
        await using var scope = _participants.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    /// <summary>The saga's outbox is delivered and every command it handed the bus has reached the relay.</summary>
    async Task SagaOutputArrived()
    {
        // The outbox is delivered by a background loop right after the commit: poll it, briefly, within a bound.
        var giveUpAt = DateTime.UtcNow + StepTimeout;
        while (await QuerySaga(db => db.Set<OutboxMessage>().AnyAsync(m => m.DeliveredAt == null)))
        {
            if (DateTime.UtcNow > giveUpAt)
                throw new TimeoutException("the saga's outbox was not delivered");
            await Task.Delay(2);
        }

        await Relay.Changed.Until(() => Relay.CommandsCaptured >= Relay.CommandsSent, StepTimeout,
            () => $"{Relay.CommandsSent - Relay.CommandsCaptured} commands the saga sent did not reach the relay");
    }

    /// <summary>
    /// The databases' folder: in memory-backed /dev/shm where there is one, since each of the thousands of commits would
    /// otherwise wait for the disk; the SQLite files and their locking are the same.
    /// </summary>
    static DirectoryInfo DatabaseDirectory()
    {
        const string memoryBacked = "/dev/shm";
        var name = $"saga-exploration-{Guid.NewGuid():N}";
        return Directory.Exists(memoryBacked) ? Directory.CreateDirectory(Path.Combine(memoryBacked, name)) : Directory.CreateTempSubdirectory(name);
    }

    string ConnectionString(string file) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory.FullName, file), Pooling = false }.ToString();

    public async ValueTask DisposeAsync()
    {
        await SagaBus.Stop();
        await ParticipantsBus.Stop();
        await _saga.DisposeAsync();
        await _participants.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
