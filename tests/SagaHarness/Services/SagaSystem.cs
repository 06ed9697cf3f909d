using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Saga.SagaHarness.Broker;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Services;

/// <summary>
/// One phase's saga system: a fresh RabbitMQ virtual host with a broker user of its own (not an administrator, never
/// guest), four fresh PostgreSQL databases (orchestrator, payment, inventory, shipping), and the two services run as
/// child processes in the Production environment, configured as README describes. Secrets (the broker password, the
/// connection strings) go through the environment.
/// </summary>
public sealed class SagaSystem : IAsyncDisposable
{
    public const string OrchestratorAssembly = "Saga.SagaOrchestrator.dll";
    public const string ParticipantsAssembly = "Saga.Participants.dll";

    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // The services run for minutes under load: keep only their last lines, for a failure message.
    const int KeptLines = 60;

    static readonly string[] Participants = ["Payment", "Inventory", "Shipping"];

    readonly RabbitMqTestNode _node;
    readonly ServiceOverrides _overrides;
    readonly List<ServiceProcess> _orchestrators = [];
    ServiceProcess? _participants;

    SagaSystem(RabbitMqTestNode node, string phase, bool durable, string virtualHost, string brokerPassword, string[] databases,
        ServiceOverrides overrides)
    {
        _node = node;
        _overrides = overrides;
        Phase = phase;
        Durable = durable;
        VirtualHost = virtualHost;
        BrokerUser = $"saga-{phase}";
        BrokerPassword = brokerPassword;
        OrchestratorDatabase = databases[0];
        PaymentDatabase = databases[1];
        InventoryDatabase = databases[2];
        ShippingDatabase = databases[3];
    }

    public string Phase { get; }

    /// <summary>False for the baseline: in-memory saga repository, no outbox or inbox.</summary>
    public bool Durable { get; }

    public string VirtualHost { get; }

    public string BrokerUser { get; }

    public string BrokerPassword { get; }

    public string OrchestratorDatabase { get; }

    public string PaymentDatabase { get; }

    public string InventoryDatabase { get; }

    public string ShippingDatabase { get; }

    public IReadOnlyList<(string Service, string ConnectionString)> Databases =>
        [("orchestrator", OrchestratorDatabase), ("payment", PaymentDatabase), ("inventory", InventoryDatabase), ("shipping", ShippingDatabase)];

    public IReadOnlyList<ServiceProcess> Orchestrators => _orchestrators;

    public ServiceProcess? ParticipantsProcess => _participants;

    public string ServiceOutput =>
        string.Join("\n", _orchestrators.Append(_participants).OfType<ServiceProcess>().Select(x => $"--- {x.Name} (last lines)\n{x.Output}"));

    public static async Task<SagaSystem> CreateAsync(RabbitMqTestNode node, PostgreSqlTestCluster postgreSql, RabbitMqManagement management,
        string phase, bool durable, CancellationToken cancellationToken, ServiceOverrides? overrides = null)
    {
        var virtualHost = await node.CreateVirtualHostAsync($"saga-{phase}", cancellationToken);
        var password = Guid.NewGuid().ToString("N");
        await management.CreateUserAsync($"saga-{phase}", password, virtualHost, cancellationToken);
        var databases = new string[4];
        string[] names = ["orchestrator", "payment", "inventory", "shipping"];
        for (var i = 0; i < names.Length; i++)
            databases[i] = await postgreSql.CreateDatabaseAsync($"saga_{phase.Replace('-', '_')}_{names[i]}", cancellationToken);
        return new SagaSystem(node, phase, durable, virtualHost, password, databases, overrides ?? ServiceOverrides.None);
    }

    /// <summary>Applies both services' migrations with their own <c>migrate</c> verb, the two at once.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(
            ServiceProcess.RunToCompletionAsync(Verb(OrchestratorAssembly, "migrate"), "orchestrator migrate", StartTimeout, KeptLines, cancellationToken),
            ServiceProcess.RunToCompletionAsync(Verb(ParticipantsAssembly, "migrate"), "participants migrate", StartTimeout, KeptLines, cancellationToken));

    /// <summary>Starts the participants, then <paramref name="orchestrators"/> orchestrators on the same database and queue.</summary>
    public async Task StartAsync(int orchestrators, CancellationToken cancellationToken)
    {
        _participants = await RunAsync("participants", ParticipantsAssembly, cancellationToken);
        await StartOrchestratorsAsync(orchestrators, cancellationToken);
    }

    async Task StartOrchestratorsAsync(int orchestrators, CancellationToken cancellationToken)
    {
        for (var i = 1; i <= orchestrators; i++)
        {
            _orchestrators.Add(await RunAsync(orchestrators == 1 ? "orchestrator" : $"orchestrator-{i}", OrchestratorAssembly, cancellationToken));
        }
    }

    /// <summary>
    /// Kills the chosen services with SIGKILL (nothing of theirs runs after it: no shutdown, no flush), waits until they are
    /// gone, then starts them again with the same settings, participants first, each waited for until its bus is connected.
    /// </summary>
    public async Task KillAndRestartAsync(bool orchestrators, bool participants, CancellationToken cancellationToken)
    {
        var count = _orchestrators.Count;
        if (orchestrators)
        {
            foreach (var orchestrator in _orchestrators)
                await orchestrator.KillAsync();
        }

        if (participants && _participants is not null)
            await _participants.KillAsync();

        if (participants)
        {
            if (_participants is not null)
                await _participants.DisposeAsync();
            _participants = await RunAsync("participants", ParticipantsAssembly, cancellationToken);
        }

        if (orchestrators)
        {
            foreach (var orchestrator in _orchestrators)
                await orchestrator.DisposeAsync();
            _orchestrators.Clear();
            await StartOrchestratorsAsync(count, cancellationToken);
        }
    }

    /// <summary>Stops the services gracefully (SIGTERM), orchestrators first.</summary>
    public async Task StopAsync()
    {
        foreach (var orchestrator in _orchestrators)
            await orchestrator.DisposeAsync();
        _orchestrators.Clear();
        if (_participants is not null)
            await _participants.DisposeAsync();
        _participants = null;
    }

    /// <summary>Settings without secrets, passed on the command line (keys as in docs/configuration.md).</summary>
    /// <summary>Starts <c>run</c> and waits (bounded) until its bus is connected; keeps the last lines it wrote, for a failure message.</summary>
    Task<ServiceProcess> RunAsync(string name, string assembly, CancellationToken cancellationToken) =>
        ServiceProcess.StartAsync(Verb(assembly, "run"), name, StartTimeout, KeptLines, cancellationToken);

    ProcessStartInfo Verb(string assembly, string verb) => ServiceProcess.StartInfo(assembly, verb, Settings(), Environment());

    Dictionary<string, string?> Settings()
    {
        // Delivered outbox rows stay long enough to be read after the run (the default keeps them 10 minutes).
        const string retention = "1.00:00:00";
        var settings = new Dictionary<string, string?>
        {
            ["Saga:Transport:Kind"] = "RabbitMq",
            ["Saga:Transport:RabbitMq:Host"] = _node.Host,
            ["Saga:Transport:RabbitMq:Port"] = _node.Port.ToString(CultureInfo.InvariantCulture),
            ["Saga:Transport:RabbitMq:VirtualHost"] = VirtualHost,
            ["Saga:Transport:RabbitMq:Username"] = BrokerUser,
            ["Orchestrator:Database:Provider"] = "PostgreSql",
            ["Orchestrator:Outbox:DeliveredRetention"] = retention,
        };
        foreach (var participant in Participants)
        {
            settings[$"Participants:{participant}:Database:Provider"] = "PostgreSql";
            settings[$"Participants:{participant}:Outbox:DeliveredRetention"] = retention;
        }

        if (!Durable)
        {
            // The baseline: MassTransit's in-memory saga repository (which has no step deadlines) and no outbox or inbox.
            settings["Orchestrator:SagaRepository"] = "InMemory";
            settings["Orchestrator:Outbox:Enabled"] = "false";
            foreach (var participant in Participants)
                settings[$"Participants:{participant}:Outbox:Enabled"] = "false";
        }

        foreach (var (key, value) in _overrides.Settings)
            settings[key] = value;
        return settings;
    }

    Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Saga__Transport__RabbitMq__Password"] = BrokerPassword,
            ["Orchestrator__Database__ConnectionString"] = Pooled(OrchestratorDatabase),
            ["Participants__Payment__Database__ConnectionString"] = Pooled(PaymentDatabase),
            ["Participants__Inventory__Database__ConnectionString"] = Pooled(InventoryDatabase),
            ["Participants__Shipping__Database__ConnectionString"] = Pooled(ShippingDatabase),
        };
        foreach (var (name, value) in _overrides.Environment)
            environment[name] = value;
        return environment;
    }

    string Pooled(string connectionString) => _overrides.MaxPoolSize is { } size
        ? new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = size }.ConnectionString
        : connectionString;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var (_, connectionString) in Databases)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
