using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Saga.SagaHarness.Broker;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Services;

/// <summary>
/// One phase's saga system: a fresh RabbitMQ virtual host with a broker user of its own (not an administrator, never
/// guest), four fresh PostgreSQL databases (orchestrator, payment, inventory, shipping), and the services run as child
/// processes in the Production environment, configured as README describes: one or more orchestrators and one or more
/// participants processes, all competing on the same queues and databases, each instance under its own outbox
/// <c>InstanceId</c>. On a cluster the services get every node (<c>Saga:Transport:RabbitMq:ClusterNodes</c>) and
/// quorum queues. Secrets (the broker password, the connection strings) go through the environment.
/// </summary>
public sealed class SagaSystem : IAsyncDisposable
{
    public const string OrchestratorAssembly = "Saga.SagaOrchestrator.dll";
    public const string ParticipantsAssembly = "Saga.Participants.dll";

    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // The services run for minutes under load: keep only their last lines, for a failure message.
    const int KeptLines = 60;

    static readonly string[] Participants = ["Payment", "Inventory", "Shipping"];

    readonly SagaBroker _broker;
    readonly bool _ownsBroker;
    readonly ServiceOverrides _overrides;
    readonly List<(int Number, ServiceProcess Process)> _orchestrators = [];
    readonly List<ServiceProcess> _participants = [];
    int _orchestratorCount;
    int _participantCount;

    /// <summary>The orchestrator instance killed by <see cref="KillOneOrchestratorAsync"/> and not started again yet: its number.</summary>
    int? _killedOrchestrator;

    /// <summary>The orchestrator instances <see cref="UpgradeOrchestratorsAsync"/> upgraded: they run <see cref="ServiceOverrides.UpgradedOrchestrator"/>.</summary>
    readonly HashSet<int> _upgraded = [];

    readonly List<OrchestratorLifetime> _lifetimes = [];

    SagaSystem(SagaBroker broker, bool ownsBroker, string phase, bool durable, string virtualHost, string brokerPassword, string[] databases,
        ServiceOverrides overrides)
    {
        _broker = broker;
        _ownsBroker = ownsBroker;
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

    public SagaBroker Broker => _broker;

    /// <summary>The orchestrator instances running now (one killed by <see cref="KillOneOrchestratorAsync"/> is not among them).</summary>
    public IReadOnlyList<ServiceProcess> Orchestrators => _orchestrators.Select(x => x.Process).ToList();

    /// <summary>The participants processes running now.</summary>
    public IReadOnlyList<ServiceProcess> ParticipantProcesses => _participants;

    /// <summary>The first participants process (the only one unless several were started).</summary>
    public ServiceProcess? ParticipantsProcess => _participants.FirstOrDefault();

    /// <summary>Every orchestrator process started so far, running or not, in the order they were started.</summary>
    public IReadOnlyList<OrchestratorLifetime> OrchestratorLifetimes => _lifetimes;

    public string ServiceOutput =>
        string.Join("\n", Orchestrators.Concat(_participants).Select(x => $"--- {x.Name} (last lines)\n{x.Output}"));

    /// <summary>A saga system on one private node, its user created through <paramref name="management"/>.</summary>
    public static Task<SagaSystem> CreateAsync(RabbitMqTestNode node, PostgreSqlTestCluster postgreSql, RabbitMqManagement management,
        string phase, bool durable, CancellationToken cancellationToken, ServiceOverrides? overrides = null) =>
        CreateAsync(SagaBroker.SingleNode(node), ownsBroker: true, management, postgreSql, phase, durable, overrides, cancellationToken);

    /// <summary>A saga system on <paramref name="broker"/> (one node or a cluster), which stays the caller's.</summary>
    public static Task<SagaSystem> CreateAsync(SagaBroker broker, PostgreSqlTestCluster postgreSql, string phase, bool durable,
        CancellationToken cancellationToken, ServiceOverrides? overrides = null) =>
        CreateAsync(broker, ownsBroker: false, broker.Management, postgreSql, phase, durable, overrides, cancellationToken);

    static async Task<SagaSystem> CreateAsync(SagaBroker broker, bool ownsBroker, RabbitMqManagement management, PostgreSqlTestCluster postgreSql,
        string phase, bool durable, ServiceOverrides? overrides, CancellationToken cancellationToken)
    {
        var virtualHost = await broker.CreateVirtualHostAsync($"saga-{phase}", cancellationToken);
        var password = Guid.NewGuid().ToString("N");
        await management.CreateUserAsync($"saga-{phase}", password, virtualHost, cancellationToken);
        var databases = new string[4];
        string[] names = ["orchestrator", "payment", "inventory", "shipping"];
        for (var i = 0; i < names.Length; i++)
            databases[i] = await postgreSql.CreateDatabaseAsync($"saga_{phase.Replace('-', '_')}_{names[i]}", cancellationToken);
        return new SagaSystem(broker, ownsBroker, phase, durable, virtualHost, password, databases, overrides ?? ServiceOverrides.None);
    }

    /// <summary>Applies both services' migrations with their own <c>migrate</c> verb, the two at once.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(
            ServiceProcess.RunToCompletionAsync(Verb(OrchestratorAssembly, "migrate", null), "orchestrator migrate", StartTimeout, KeptLines, cancellationToken),
            ServiceProcess.RunToCompletionAsync(Verb(ParticipantsAssembly, "migrate", null), "participants migrate", StartTimeout, KeptLines, cancellationToken));

    /// <summary>Starts one participants process, then <paramref name="orchestrators"/> orchestrators on the same database and queue.</summary>
    public Task StartAsync(int orchestrators, CancellationToken cancellationToken) => StartAsync(orchestrators, 1, cancellationToken);

    /// <summary>
    /// Starts <paramref name="participantProcesses"/> participants processes, then <paramref name="orchestrators"/>
    /// orchestrators, each waited for until its bus is connected; instances of one service share its databases and queues.
    /// </summary>
    public async Task StartAsync(int orchestrators, int participantProcesses, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orchestrators, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(participantProcesses, 1);
        _orchestratorCount = orchestrators;
        _participantCount = participantProcesses;
        await StartParticipantsAsync(cancellationToken);
        await StartOrchestratorsAsync(cancellationToken);
    }

    async Task StartParticipantsAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, process) in await StartInstancesAsync(_participantCount, ParticipantsName, ParticipantsAssembly, "participants", cancellationToken))
            _participants.Add(process);
    }

    async Task StartOrchestratorsAsync(CancellationToken cancellationToken) =>
        _orchestrators.AddRange(await StartInstancesAsync(_orchestratorCount, RunOrchestratorAsync, cancellationToken));

    async Task<List<(int Number, ServiceProcess Process)>> StartInstancesAsync(int count, Func<int, string> name, string assembly, string service,
        CancellationToken cancellationToken) =>
        await StartInstancesAsync(count, (i, token) => RunAsync(name(i), assembly, Settings(InstanceId(service, i)), token), cancellationToken);

    /// <summary>
    /// Starts <paramref name="count"/> instances of one service at once (each takes seconds to start on a busy machine) and
    /// waits for all; if one fails, stops the others before rethrowing.
    /// </summary>
    static async Task<List<(int Number, ServiceProcess Process)>> StartInstancesAsync(int count, Func<int, CancellationToken, Task<ServiceProcess>> run,
        CancellationToken cancellationToken)
    {
        var starts = Enumerable.Range(1, count)
            .Select(async i => (Number: i, Process: await run(i, cancellationToken)))
            .ToList();
        try
        {
            return (await Task.WhenAll(starts)).ToList();
        }
        catch
        {
            foreach (var started in starts.Where(x => x.IsCompletedSuccessfully))
                await started.Result.Process.DisposeAsync();
            throw;
        }
    }

    string OrchestratorName(int instance) => _orchestratorCount == 1 ? "orchestrator" : $"orchestrator-{instance}";

    string ParticipantsName(int instance) => _participantCount == 1 ? "participants" : $"participants-{instance}";

    /// <summary>
    /// Kills the chosen services (every instance) with SIGKILL (nothing of theirs runs after it: no shutdown, no flush),
    /// waits until they are gone, then starts them again with the same settings, participants first, each waited for until
    /// its bus is connected.
    /// </summary>
    public async Task KillAndRestartAsync(bool orchestrators, bool participants, CancellationToken cancellationToken)
    {
        if (orchestrators)
        {
            foreach (var (_, orchestrator) in _orchestrators)
            {
                await orchestrator.KillAsync();
                Ended(orchestrator);
            }
        }

        if (participants)
        {
            foreach (var process in _participants)
                await process.KillAsync();
            foreach (var process in _participants)
                await process.DisposeAsync();
            _participants.Clear();
            await StartParticipantsAsync(cancellationToken);
        }

        if (orchestrators)
        {
            foreach (var (_, orchestrator) in _orchestrators)
                await orchestrator.DisposeAsync();
            _orchestrators.Clear();
            _killedOrchestrator = null;
            await StartOrchestratorsAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Kills one orchestrator instance (the first one running) with SIGKILL while the others keep running, and waits until
    /// it is gone; <see cref="StartKilledOrchestratorAsync"/> starts it again under the same name and outbox
    /// <c>InstanceId</c>. Returns the killed instance's name.
    /// </summary>
    public async Task<string> KillOneOrchestratorAsync()
    {
        if (_killedOrchestrator is not null)
            throw new InvalidOperationException($"{OrchestratorName(_killedOrchestrator.Value)} is already down");
        if (_orchestrators.Count < 2)
            throw new InvalidOperationException("killing one orchestrator needs another one running");
        var (number, victim) = _orchestrators[0];
        _orchestrators.RemoveAt(0);
        await victim.KillAsync();
        Ended(victim);
        _killedOrchestrator = number;
        await victim.DisposeAsync();
        return victim.Name;
    }

    /// <summary>Starts the orchestrator instance <see cref="KillOneOrchestratorAsync"/> killed, and waits until its bus is connected.</summary>
    public async Task<string> StartKilledOrchestratorAsync(CancellationToken cancellationToken)
    {
        var instance = _killedOrchestrator ?? throw new InvalidOperationException("no orchestrator instance was killed");
        var started = await RunOrchestratorAsync(instance, cancellationToken);
        _orchestrators.Add((instance, started));
        _killedOrchestrator = null;
        return started.Name;
    }

    /// <summary>
    /// Upgrades every orchestrator instance running, one after the other, as a deploy does: stops it gracefully (SIGTERM,
    /// it finishes the messages in hand) or, with <paramref name="kill"/>, with SIGKILL, then starts it again under the
    /// same name and outbox <c>InstanceId</c> with <see cref="ServiceOverrides.UpgradedOrchestrator"/>'s settings, and
    /// waits until its bus is connected before the next one. Returns what it did.
    /// </summary>
    public async Task<string> UpgradeOrchestratorsAsync(bool kill, CancellationToken cancellationToken)
    {
        if (_orchestrators.Count == 0)
            throw new InvalidOperationException("no orchestrator runs to upgrade");
        var done = new List<string>();
        foreach (var number in _orchestrators.Select(x => x.Number).ToList())
        {
            var index = _orchestrators.FindIndex(x => x.Number == number);
            var old = _orchestrators[index].Process;
            var stopped = Stopwatch.StartNew();
            if (kill)
                await old.KillAsync();
            await old.DisposeAsync();
            Ended(old);
            var down = stopped.Elapsed;
            _upgraded.Add(number);
            var started = await RunOrchestratorAsync(number, cancellationToken);
            _orchestrators[index] = (number, started);
            done.Add($"{old.Name} {(kill ? "killed" : "stopped")} in {down.TotalSeconds:0.0} s, started upgraded after {stopped.Elapsed.TotalSeconds:0.0} s");
        }

        return string.Join("; ", done);
    }

    /// <summary>
    /// Stops the first orchestrator instance running gracefully (SIGTERM) for good, while the others keep running, as a
    /// deploy retires an old instance. Returns its name.
    /// </summary>
    public async Task<string> StopOneOrchestratorAsync()
    {
        if (_orchestrators.Count < 2)
            throw new InvalidOperationException("stopping one orchestrator needs another one running");
        var (_, retired) = _orchestrators[0];
        _orchestrators.RemoveAt(0);
        await retired.DisposeAsync();
        Ended(retired);
        return retired.Name;
    }

    /// <summary>Stops the services gracefully (SIGTERM), orchestrators first.</summary>
    public async Task StopAsync()
    {
        foreach (var (_, orchestrator) in _orchestrators)
        {
            await orchestrator.DisposeAsync();
            Ended(orchestrator);
        }

        _orchestrators.Clear();
        foreach (var process in _participants)
            await process.DisposeAsync();
        _participants.Clear();
    }

    /// <summary>Starts <c>run</c> and waits (bounded) until its bus is connected; keeps the last lines it wrote, for a failure message.</summary>
    Task<ServiceProcess> RunAsync(string name, string assembly, Dictionary<string, string?> settings, CancellationToken cancellationToken) =>
        ServiceProcess.StartAsync(ServiceProcess.StartInfo(assembly, "run", settings, Environment()), name, StartTimeout, KeptLines, cancellationToken);

    /// <summary>Starts orchestrator instance <paramref name="number"/> with its own settings, and records its lifetime.</summary>
    async Task<ServiceProcess> RunOrchestratorAsync(int number, CancellationToken cancellationToken)
    {
        var settings = Settings(InstanceId("orchestrator", number));
        var own = _upgraded.Contains(number) ? _overrides.UpgradedOrchestrator
            : number <= _overrides.OrchestratorInstances.Count ? _overrides.OrchestratorInstances[number - 1]
            : new Dictionary<string, string?>();
        foreach (var (key, value) in own)
            settings[key] = value;
        var version = settings.GetValueOrDefault(OrchestratorLifetime.DefinitionVersionSetting) is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : (int?)null;
        // Before the process exists: it cannot accept an order earlier.
        var lifetime = new OrchestratorLifetime(OrchestratorName(number), version, DateTime.UtcNow);
        var process = await RunAsync(lifetime.Name, OrchestratorAssembly, settings, cancellationToken);
        lifetime.Process = process;
        _lifetimes.Add(lifetime);
        return process;
    }

    /// <summary>Records when an orchestrator process was seen gone: it cannot have accepted an order later.</summary>
    void Ended(ServiceProcess orchestrator)
    {
        foreach (var lifetime in _lifetimes.Where(x => ReferenceEquals(x.Process, orchestrator)))
            lifetime.Stopped ??= DateTime.UtcNow;
    }

    static string InstanceId(string service, int instance) => $"{service}-{instance.ToString(CultureInfo.InvariantCulture)}";

    ProcessStartInfo Verb(string assembly, string verb, string? instanceId) =>
        ServiceProcess.StartInfo(assembly, verb, Settings(instanceId), Environment());

    /// <summary>
    /// Settings without secrets, passed on the command line (keys as in docs/configuration.md). <paramref name="instanceId"/>
    /// is the instance's outbox <c>InstanceId</c>: instances of one service on one machine must not share one (the
    /// default, the machine's name), or one restarting takes back the leases of those still sending.
    /// </summary>
    Dictionary<string, string?> Settings(string? instanceId)
    {
        // Delivered outbox rows stay long enough to be read after the run (the default keeps them 10 minutes).
        const string retention = "1.00:00:00";
        var settings = new Dictionary<string, string?>
        {
            ["Saga:Transport:Kind"] = "RabbitMq",
            ["Saga:Transport:RabbitMq:Host"] = _broker.FirstNode.Host,
            ["Saga:Transport:RabbitMq:Port"] = _broker.FirstNode.Port.ToString(CultureInfo.InvariantCulture),
            ["Saga:Transport:RabbitMq:VirtualHost"] = VirtualHost,
            ["Saga:Transport:RabbitMq:Username"] = BrokerUser,
            ["Orchestrator:Database:Provider"] = "PostgreSql",
            ["Orchestrator:Outbox:DeliveredRetention"] = retention,
        };
        foreach (var participant in Participants)
        {
            settings[$"Participants:{participant}:Database:Provider"] = "PostgreSql";
            settings[$"Participants:{participant}:Outbox:DeliveredRetention"] = retention;
            if (instanceId is not null)
                settings[$"Participants:{participant}:Outbox:InstanceId"] = instanceId;
        }

        if (instanceId is not null)
            settings["Orchestrator:Outbox:InstanceId"] = instanceId;

        if (_broker.IsCluster)
        {
            for (var i = 0; i < _broker.Endpoints.Count; i++)
                settings[$"Saga:Transport:RabbitMq:ClusterNodes:{i.ToString(CultureInfo.InvariantCulture)}"] = _broker.Endpoints[i];
            settings["Saga:Transport:RabbitMq:QuorumQueues"] = "true";
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
        if (_ownsBroker)
            _broker.Dispose();
        foreach (var (_, connectionString) in Databases)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
