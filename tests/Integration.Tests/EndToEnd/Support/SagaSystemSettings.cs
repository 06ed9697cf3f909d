using System.Globalization;
using Saga.Persistence.Sagas;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// The settings of one isolated saga system: its own RabbitMQ virtual host and its own PostgreSQL databases, as a user
/// would configure the two services (keys as in docs/configuration.md), in the Production environment.
/// </summary>
public sealed record SagaSystemSettings(
    string VirtualHost,
    string OrchestratorDatabase,
    string PaymentDatabase,
    string InventoryDatabase,
    string ShippingDatabase,
    SagaConcurrencyMode ConcurrencyMode,
    bool QuorumQueues)
{
    /// <summary>
    /// The RabbitMQ user the participants connect as; null: the node's administrator, like everyone else. A user of their
    /// own lets a test take the participants' right to publish away without touching the orchestrator or the test's client.
    /// </summary>
    public BrokerUser? ParticipantsUser { get; init; }

    /// <summary>
    /// A RabbitMQ cluster to run on instead of the shared node: the services get all its nodes as <c>ClusterNodes</c>, in
    /// their order, and the test's client bus connects to the last node only (<see cref="ClientNode"/>).
    /// </summary>
    public RabbitMqTestCluster? Cluster { get; init; }

    /// <summary>The node the test's client bus connects to: the shared node, or a cluster's last node.</summary>
    public RabbitMqTestNode ClientNode => Cluster?.Nodes[^1] ?? Servers.Rabbit;

    /// <summary>A running node for rabbitmqctl and management calls.</summary>
    public RabbitMqTestNode Broker => Cluster?.RunningNode ?? Servers.Rabbit;

    /// <summary>Settings a test adds or changes for both services (the outbox's poll interval, say), keys as in docs/configuration.md.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <param name="quorumQueues">False: classic queues, which a test must ask for; true: the services' default, quorum queues.</param>
    public static async Task<SagaSystemSettings> CreateAsync(SagaConcurrencyMode concurrencyMode = SagaConcurrencyMode.Optimistic,
        bool quorumQueues = true) =>
        new(await Servers.Rabbit.CreateVirtualHostAsync(),
            await Servers.Postgres.CreateDatabaseAsync(),
            await Servers.Postgres.CreateDatabaseAsync(),
            await Servers.Postgres.CreateDatabaseAsync(),
            await Servers.Postgres.CreateDatabaseAsync(),
            concurrencyMode,
            quorumQueues);

    /// <summary>Everything but the RabbitMQ password, which goes through the environment as README recommends.</summary>
    public Dictionary<string, string?> Configuration()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Saga:Transport:Kind"] = "RabbitMq",
            ["Saga:Transport:RabbitMq:Host"] = Servers.Rabbit.Host,
            ["Saga:Transport:RabbitMq:Port"] = Servers.Rabbit.Port.ToString(CultureInfo.InvariantCulture),
            ["Saga:Transport:RabbitMq:VirtualHost"] = VirtualHost,
            ["Saga:Transport:RabbitMq:Username"] = Cluster?.Username ?? Servers.Rabbit.Username,
            ["Saga:Transport:RabbitMq:PrefetchCount"] = "16",
            ["Orchestrator:ConcurrencyMode"] = ConcurrencyMode.ToString(),
            ["Orchestrator:Database:Provider"] = "PostgreSql",
            ["Orchestrator:Database:ConnectionString"] = OrchestratorDatabase,
            ["Orchestrator:Database:MigrateOnStart"] = "true",
            ["Participants:SeedDemoData"] = "true",
            ["Participants:Payment:Database:Provider"] = "PostgreSql",
            ["Participants:Payment:Database:ConnectionString"] = PaymentDatabase,
            ["Participants:Payment:Database:MigrateOnStart"] = "true",
            ["Participants:Inventory:Database:Provider"] = "PostgreSql",
            ["Participants:Inventory:Database:ConnectionString"] = InventoryDatabase,
            ["Participants:Inventory:Database:MigrateOnStart"] = "true",
            ["Participants:Shipping:Database:Provider"] = "PostgreSql",
            ["Participants:Shipping:Database:ConnectionString"] = ShippingDatabase,
            ["Participants:Shipping:Database:MigrateOnStart"] = "true",
        };
        if (Cluster is not null)
        {
            configuration["Saga:Transport:RabbitMq:Host"] = "rabbit-cluster";
            for (var i = 0; i < Cluster.Nodes.Count; i++)
                configuration[$"Saga:Transport:RabbitMq:ClusterNodes:{i}"] = $"{Cluster.Nodes[i].Host}:{Cluster.Nodes[i].Port.ToString(CultureInfo.InvariantCulture)}";
        }

        // Quorum queues are the services' default: only classic ones need saying.
        if (!QuorumQueues)
            configuration["Saga:Transport:RabbitMq:QuorumQueues"] = "false";
        foreach (var (key, value) in Overrides)
            configuration[key] = value;
        return configuration;
    }

    /// <summary>Settings a test adds or changes for the participants only (their log format, say), keys as in docs/configuration.md.</summary>
    public IReadOnlyDictionary<string, string?> ParticipantsOverrides { get; init; } = new Dictionary<string, string?>();

    /// <summary><see cref="Configuration"/> with the participants' own RabbitMQ user, when they have one, and their own overrides.</summary>
    public Dictionary<string, string?> ParticipantsConfiguration()
    {
        var configuration = Configuration();
        if (ParticipantsUser is not null)
            configuration["Saga:Transport:RabbitMq:Username"] = ParticipantsUser.Name;
        foreach (var (key, value) in ParticipantsOverrides)
            configuration[key] = value;
        return configuration;
    }

    /// <summary><see cref="Environment"/> with the password of the participants' own RabbitMQ user, when they have one.</summary>
    public Dictionary<string, string> ParticipantsEnvironment()
    {
        var environment = OrchestratorEnvironment();
        if (ParticipantsUser is not null)
            environment["Saga__Transport__RabbitMq__Password"] = ParticipantsUser.Password;
        return environment;
    }

    /// <summary><see cref="Environment"/> with the cluster's password when the system runs on one.</summary>
    public Dictionary<string, string> OrchestratorEnvironment()
    {
        var environment = Environment();
        if (Cluster is not null)
            environment["Saga__Transport__RabbitMq__Password"] = Cluster.Password;
        return environment;
    }

    public static Dictionary<string, string> Environment() => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Saga__Transport__RabbitMq__Password"] = Servers.Rabbit.Password,
    };
}
