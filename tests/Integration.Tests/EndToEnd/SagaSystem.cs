using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Hosting.Database;
using Saga.Hosting.Services;
using Saga.Participants.Configuration;
using Saga.Participants.Inventory.Data.Providers;
using Saga.Participants.Payment.Data.Providers;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence.Providers;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// The orchestrator and the participants as separate hosts that share nothing but the RabbitMQ virtual host (each with its
/// own PostgreSQL database), built by the same code as the services' Program.cs, plus a client bus that talks to them.
/// </summary>
public sealed class SagaSystem : IAsyncDisposable
{
    static readonly string[] FinalStates = ["Completed", "Compensated", "Rejected", "CompensationFailed"];
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    IHost? _orchestrator;
    IHost? _participants;
    ServiceProcess? _participantsProcess;
    IBusControl? _client;

    SagaSystem(SagaSystemSettings settings)
    {
        Settings = settings;
    }

    public SagaSystemSettings Settings { get; }

    public IBus Client => _client ?? throw new InvalidOperationException("the client bus is not started");

    public static async Task<SagaSystem> StartAsync(SagaSystemSettings settings, bool withParticipants = true)
    {
        var system = new SagaSystem(settings);
        try
        {
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
        _orchestrator = BuildHost(OrchestratorService.Configure, Settings.Configuration());
        await _orchestrator.StartAsync();
    }

    /// <summary>
    /// Starts the participants (all, or the <paramref name="only"/> ones) in this test process, or, with
    /// <paramref name="asProcess"/>, as their own OS process.
    /// </summary>
    public async Task StartParticipantsAsync(bool asProcess = false, params ParticipantKind[] only)
    {
        var configuration = Settings.Configuration();
        for (var i = 0; i < only.Length; i++)
            configuration[$"Participants:Enabled:{i}"] = only[i].ToString();

        if (asProcess)
        {
            _participantsProcess = await ServiceProcess.StartAsync("Saga.Participants.dll", configuration, SagaSystemSettings.Environment(), Timeout);
            return;
        }

        _participants = BuildHost(ParticipantsService.Configure, configuration);
        await _participants.StartAsync();
    }

    public async Task StopParticipantsAsync()
    {
        if (_participants is not null)
        {
            await _participants.StopAsync();
            _participants.Dispose();
            _participants = null;
        }

        if (_participantsProcess is not null)
        {
            await _participantsProcess.DisposeAsync();
            _participantsProcess = null;
        }
    }

    public Task Submit(SubmitOrder order) => Client.Publish(order);

    public async Task<Response<OrderCancellationAccepted, OrderCancellationRefused>> Cancel(Guid orderId, string reason) =>
        await Client.CreateRequestClient<CancelOrder>(new Uri($"queue:{QueueNames.Orders}"), Timeout)
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

    public PostgreSqlOrderSagaDbContext Orchestrator() =>
        new(Options<PostgreSqlOrderSagaDbContext>(Settings.OrchestratorDatabase));

    public PostgreSqlPaymentDbContext Payment() => new(Options<PostgreSqlPaymentDbContext>(Settings.PaymentDatabase));

    public PostgreSqlInventoryDbContext Inventory() => new(Options<PostgreSqlInventoryDbContext>(Settings.InventoryDatabase));

    /// <summary>How many messages wait in each queue of this system's virtual host, as RabbitMQ reports it.</summary>
    public Task<IReadOnlyDictionary<string, long>> QueueDepths() => Servers.Rabbit.GetQueueMessageCountsAsync(Settings.VirtualHost);

    static DbContextOptions<T> Options<T>(string connectionString)
        where T : DbContext =>
        (DbContextOptions<T>)new DbContextOptionsBuilder<T>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString })
            .Options;

    static IHost BuildHost(Action<HostApplicationBuilder> configure, Dictionary<string, string?> configuration)
    {
        var builder = ServiceHostBuilder.Create([], settings => settings.EnvironmentName = Environments.Production);
        foreach (var (key, value) in SagaSystemSettings.Environment())
            configuration[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder);
        return builder.Build();
    }

    async Task StartClientAsync()
    {
        _client = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(Servers.Rabbit.Host, (ushort)Servers.Rabbit.Port, Settings.VirtualHost, host =>
        {
            host.Username(Servers.Rabbit.Username);
            host.Password(Servers.Rabbit.Password);
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
    }
}
