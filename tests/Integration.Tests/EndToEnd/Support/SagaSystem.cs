using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Saga.Contracts;
using Saga.Hosting.Database;
using Saga.Hosting.Services;
using Saga.Participants.Configuration;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Shipping.Data;
using Saga.Persistence.Dialects;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.Settings.Database;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// The orchestrator and the participants as separate hosts that share nothing but the RabbitMQ virtual host (each with its
/// own PostgreSQL database), built by the same code as the services' Program.cs, plus a client bus that talks to them.
/// </summary>
public sealed class SagaSystem : IAsyncDisposable
{
    static readonly string[] FinalStates = ["Completed", "Compensated", "Rejected", "CompensationFailed"];
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);
    static readonly string[] ServiceQueues = [QueueNames.Orders, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping];

    IHost? _orchestrator;
    readonly List<IHost> _participants = [];
    ServiceProcess? _participantsProcess;
    IBusControl? _client;

    SagaSystem(SagaSystemSettings settings)
    {
        Settings = settings;
    }

    public SagaSystemSettings Settings { get; }

    public IBus Client => _client ?? throw new InvalidOperationException("the client bus is not started");

    /// <summary>
    /// Starts the orchestrator (unless not <paramref name="withOrchestrator"/>: a test that plays it), the participants
    /// (unless not <paramref name="withParticipants"/>) and the client bus.
    /// </summary>
    public static async Task<SagaSystem> StartAsync(SagaSystemSettings settings, bool withParticipants = true, bool withOrchestrator = true)
    {
        var system = new SagaSystem(settings);
        try
        {
            if (withOrchestrator)
                await system.StartOrchestratorAsync();
            if (withParticipants)
                await system.StartParticipantsAsync();
            await system.StartClientAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async Task StartOrchestratorAsync()
    {
        _orchestrator = BuildHost(OrchestratorService.Configure, Settings.Configuration(), Settings.OrchestratorEnvironment());
        await _orchestrator.StartAsync();
    }

    /// <summary>Stops the orchestrator, as for a restart; <see cref="StartOrchestratorAsync"/> brings up a new one on the same database.</summary>
    public async Task StopOrchestratorAsync()
    {
        if (_orchestrator is null)
            return;

        await _orchestrator.StopAsync();
        _orchestrator.Dispose();
        _orchestrator = null;
    }

    /// <summary>
    /// Starts the participants (all, or the <paramref name="only"/> ones) in this test process, or, with
    /// <paramref name="asProcess"/>, as their own OS process. Called again, it starts another instance next to the first,
    /// on the same queues and databases, as a scaled-out service.
    /// </summary>
    public async Task StartParticipantsAsync(bool asProcess = false, params ParticipantKind[] only)
    {
        var configuration = Settings.ParticipantsConfiguration();
        for (var i = 0; i < only.Length; i++)
            configuration[$"Participants:Enabled:{i}"] = only[i].ToString();

        if (asProcess)
        {
            _participantsProcess = await ServiceProcess.StartAsync("Saga.Participants.dll", configuration, Settings.ParticipantsEnvironment(), Timeout);
            return;
        }

        var host = BuildHost(ParticipantsService.Configure, configuration, Settings.ParticipantsEnvironment());
        _participants.Add(host);
        await host.StartAsync();
    }

    /// <summary>Kills the participants' OS process with SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillParticipantsProcessAsync()
    {
        var process = _participantsProcess ?? throw new InvalidOperationException("the participants do not run as a process");
        await process.KillAsync();
        await process.DisposeAsync();
        _participantsProcess = null;
    }

    /// <summary>What the participants' OS process wrote so far (empty when they do not run as one), for failure messages.</summary>
    public string ParticipantsProcessOutput => _participantsProcess?.Output ?? "";

    public async Task StopParticipantsAsync()
    {
        foreach (var host in _participants)
        {
            await host.StopAsync();
            host.Dispose();
        }

        _participants.Clear();

        if (_participantsProcess is not null)
        {
            await _participantsProcess.DisposeAsync();
            _participantsProcess = null;
        }
    }

    public Task Submit(SubmitOrder order) => Client.Publish(order);

    /// <summary>
    /// Where a client sends to a service's queue: the exchange in front of it. <c>queue:NAME</c> would have MassTransit
    /// declare the queue as a classic one, which RabbitMQ refuses for the services' quorum queues (and the send never completes).
    /// </summary>
    public static Uri QueueExchange(string queue) => new($"exchange:{queue}");

    public async Task<Response<OrderCancellationAccepted, OrderCancellationRefused>> Cancel(Guid orderId, string reason) =>
        await Client.CreateRequestClient<CancelOrder>(QueueExchange(QueueNames.Orders), Timeout)
            .GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(new CancelOrder(orderId, reason));

    /// <summary>Waits (bounded) until the order's saga is in one of <paramref name="states"/>, reading the orchestrator's database.</summary>
    public async Task<OrderState> WaitForState(Guid orderId, params string[] states)
    {
        var deadline = DateTime.UtcNow + Timeout;
        OrderState? order = null;
        while (DateTime.UtcNow < deadline)
        {
            order = await Find(orderId);
            if (order is not null && states.Contains(order.CurrentState))
                return order;
            await Task.Delay(50);
        }

        Assert.Fail($"order {orderId} did not reach {string.Join(" or ", states)}; it is in {order?.CurrentState ?? "no state (no saga)"}");
        return null!;
    }

    public Task<OrderState> WaitForOutcome(Guid orderId) => WaitForState(orderId, FinalStates);

    public async Task<OrderState?> Find(Guid orderId)
    {
        await using var db = Orchestrator();
        return await db.Orders.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == orderId);
    }

    public OrderSagaDbContext Orchestrator() =>
        new(Options<OrderSagaDbContext>(Settings.OrchestratorDatabase));

    public PaymentDbContext Payment() => new(Options<PaymentDbContext>(Settings.PaymentDatabase));

    public InventoryDbContext Inventory() => new(Options<InventoryDbContext>(Settings.InventoryDatabase));

    public ShippingDbContext Shipping() => new(Options<ShippingDbContext>(Settings.ShippingDatabase));

    /// <summary>How many messages wait in each queue of this system's virtual host, as RabbitMQ reports it.</summary>
    public Task<IReadOnlyDictionary<string, long>> QueueDepths() => Settings.Broker.GetQueueMessageCountsAsync(Settings.VirtualHost);

    /// <summary>
    /// Waits (bounded) until <paramref name="queue"/> holds <paramref name="depth"/> messages. A quorum queue reports its
    /// count on a tick (every 5 s on RabbitMQ 3.10), so a count read once right after a change may be the old one.
    /// </summary>
    public Task WaitForQueueDepth(string queue, long depth, string what) =>
        Poll.UntilAsync(async () => (await QueueDepths()).GetValueOrDefault(queue) == depth, $"{queue} holds {depth} message(s): {what}");

    /// <summary>
    /// Waits (bounded) until nothing is in flight: no service queue holds a message (waiting or being handled), no service's
    /// outbox holds a batch it has not delivered, and nothing was consumed, stored or delivered while it looked. Whatever the
    /// services were going to send is then in the broker. Returns the queue depths it saw last (error queues included).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> WaitUntilSettled()
    {
        IReadOnlyDictionary<string, long> depths = new Dictionary<string, long>();
        // The queues (rabbitmqctl: slow) are looked at between two looks at the databases. Equal counts before and after
        // mean no message was consumed (a new inbox row), stored or delivered meanwhile, so none moved between a queue and
        // an outbox while the queues were looked at.
        await Poll.UntilAsync(async () =>
        {
            if (await MessagingCounts() is not { } before)
                return false;
            depths = await QueueDepths();
            return ServiceQueues.All(queue => depths.GetValueOrDefault(queue) == 0)
                   && await MessagingCounts() is { } after && before.SequenceEqual(after);
        }, "no service queue and no outbox holds a message");
        return depths;
    }

    /// <summary>
    /// Per service database: messages consumed (inbox rows), messages stored for sending, messages delivered. Null while
    /// an outbox holds a batch that was not delivered.
    /// </summary>
    async Task<List<long>?> MessagingCounts()
    {
        await using var orchestrator = Orchestrator();
        await using var payment = Payment();
        await using var inventory = Inventory();
        await using var shipping = Shipping();
        var counts = new List<long>();
        foreach (DbContext db in new DbContext[] { orchestrator, payment, inventory, shipping })
        {
            try
            {
                if (await db.Set<OutboxBatch>().AnyAsync())
                    return null;
                counts.Add(await db.Set<InboxMessage>().LongCountAsync());
                counts.Add(await db.Set<OutboxMessage>().LongCountAsync());
                counts.Add(await db.Set<OutboxMessage>().LongCountAsync(m => m.DeliveredAt != null));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // A service that never ran has no tables yet, and nothing in flight.
                counts.AddRange([0, 0, 0]);
            }
        }

        return counts;
    }

    static DbContextOptions<T> Options<T>(string connectionString)
        where T : DbContext =>
        (DbContextOptions<T>)new DbContextOptionsBuilder<T>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString })
            .Options;

    static IHost BuildHost(Action<HostApplicationBuilder> configure, Dictionary<string, string?> configuration, Dictionary<string, string> environment)
    {
        var builder = ServiceHostBuilder.Create([], settings => settings.EnvironmentName = Environments.Production);
        foreach (var (key, value) in environment)
            configuration[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder);
        return builder.Build();
    }

    async Task StartClientAsync()
    {
        var node = Settings.ClientNode;
        _client = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(node.Host, (ushort)node.Port, Settings.VirtualHost, host =>
        {
            host.Username(node.Username);
            host.Password(node.Password);
        }));
        await _client.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
            await _client.StopAsync();
        await StopParticipantsAsync();
        if (_orchestrator is not null)
        {
            await _orchestrator.StopAsync();
            _orchestrator.Dispose();
        }

        // Npgsql keeps idle connections pooled per connection string for minutes; this system's databases are not used
        // again, and every fixture's pools together would exhaust the test cluster's connection limit.
        foreach (var database in new[] { Settings.OrchestratorDatabase, Settings.PaymentDatabase, Settings.InventoryDatabase, Settings.ShippingDatabase })
        {
            await using var connection = new NpgsqlConnection(database);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
