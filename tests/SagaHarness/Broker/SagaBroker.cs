using System.Globalization;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Broker;

/// <summary>
/// The RabbitMQ a saga system runs on: one private node, or the nodes of a private cluster (the services and the test
/// client get every node's address and fail over between them). Management calls and <c>rabbitmqctl</c> go through a
/// node that is up, since a scenario kills nodes.
/// </summary>
public sealed class SagaBroker : IDisposable
{
    readonly Func<RabbitMqTestNode> _runningNode;
    readonly Func<string, CancellationToken, Task<string>> _createVirtualHost;

    SagaBroker(IReadOnlyList<RabbitMqTestNode> nodes, bool isCluster, Func<RabbitMqTestNode> runningNode,
        Func<string, CancellationToken, Task<string>> createVirtualHost, string username, string password)
    {
        Nodes = nodes;
        IsCluster = isCluster;
        _runningNode = runningNode;
        _createVirtualHost = createVirtualHost;
        Management = new RabbitMqManagement(runningNode, username, password);
    }

    /// <summary>Every node; for a single node, that one.</summary>
    public IReadOnlyList<RabbitMqTestNode> Nodes { get; }

    /// <summary>Whether the services get <c>Saga:Transport:RabbitMq:ClusterNodes</c> (and quorum queues).</summary>
    public bool IsCluster { get; }

    /// <summary>A node that is up now, for management calls and <c>rabbitmqctl</c>.</summary>
    public RabbitMqTestNode RunningNode => _runningNode();

    /// <summary>The management HTTP API, through <see cref="RunningNode"/> at each call.</summary>
    public RabbitMqManagement Management { get; }

    /// <summary>The first node: where a client without a node list connects.</summary>
    public RabbitMqTestNode FirstNode => Nodes[0];

    /// <summary>Every node's AMQP endpoint, <c>host:port</c>, in node order.</summary>
    public IReadOnlyList<string> Endpoints =>
        Nodes.Select(x => $"{x.Host}:{x.Port.ToString(CultureInfo.InvariantCulture)}").ToList();

    public static SagaBroker SingleNode(RabbitMqTestNode node) =>
        new([node], isCluster: false, () => node, (name, ct) => node.CreateVirtualHostAsync(name, ct), node.Username, node.Password);

    public static SagaBroker Cluster(RabbitMqTestCluster cluster) =>
        new(cluster.Nodes, isCluster: true, () => cluster.RunningNode, (name, ct) => cluster.CreateVirtualHostAsync(name, ct), cluster.Username,
            cluster.Password);

    /// <summary>The node the broker calls <paramref name="nodeName"/> (as the management API names a connection's node).</summary>
    public RabbitMqTestNode NodeNamed(string nodeName) =>
        Nodes.FirstOrDefault(x => x.NodeName == nodeName) ?? throw new ArgumentException($"no node is called '{nodeName}'", nameof(nodeName));

    public Task<string> CreateVirtualHostAsync(string name, CancellationToken cancellationToken) => _createVirtualHost(name, cancellationToken);

    /// <summary>
    /// Every queue of the virtual host with its type (<c>classic</c>, <c>quorum</c>) and messages (ready + unacknowledged),
    /// exact at the moment of the call (<c>rabbitmqctl list_queues</c> on a running node, not the management API's
    /// statistics, which lag by seconds).
    /// </summary>
    public async Task<IReadOnlyList<QueueState>> QueuesAsync(string virtualHost)
    {
        var output = await RunningNode.RunCtlAsync("-q", "list_queues", "--no-table-headers", "-p", virtualHost, "name", "type", "messages");
        var queues = new List<QueueState>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length >= 3 && long.TryParse(fields[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var messages))
                queues.Add(new QueueState(string.Join('\t', fields[..^2]), fields[^2], messages));
        }

        return queues;
    }

    /// <summary>Messages waiting in each queue of the virtual host (see <see cref="QueuesAsync"/>).</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string virtualHost) =>
        (await QueuesAsync(virtualHost)).ToDictionary(x => x.Name, x => x.Messages, StringComparer.Ordinal);

    public void Dispose() => Management.Dispose();
}
