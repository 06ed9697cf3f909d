using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// The private servers a `sagas`-like command runs on: one RabbitMQ node, or a cluster of <c>--cluster N</c> nodes (the
/// services then get every node in <c>Saga:Transport:RabbitMq:ClusterNodes</c>), and one PostgreSQL cluster. Stopped
/// and removed when disposed.
/// </summary>
public sealed class SagaServers : IAsyncDisposable
{
    readonly RabbitMqTestNode? _node;
    readonly RabbitMqTestCluster? _cluster;

    SagaServers(RabbitMqTestNode? node, RabbitMqTestCluster? cluster, PostgreSqlTestCluster postgreSql)
    {
        _node = node;
        _cluster = cluster;
        PostgreSql = postgreSql;
        Broker = cluster is not null ? SagaBroker.Cluster(cluster) : SagaBroker.SingleNode(node!);
    }

    public SagaBroker Broker { get; }

    public PostgreSqlTestCluster PostgreSql { get; }

    /// <summary>"a private RabbitMQ node" or "a private RabbitMQ cluster of 3 nodes", for progress lines.</summary>
    public static string Describe(int clusterNodes) =>
        clusterNodes > 0 ? $"a private RabbitMQ cluster of {clusterNodes} nodes" : "a private RabbitMQ node";

    /// <summary>Starts the servers: a single node when <paramref name="clusterNodes"/> is 0, else a cluster of that many.</summary>
    public static async Task<SagaServers> StartAsync(int clusterNodes, PostgreSqlClusterOptions postgreSql, CancellationToken cancellationToken)
    {
        if (clusterNodes > 0)
        {
            var (cluster, clusterPostgreSql) = await PrivateServers.StartClusterAsync(clusterNodes, postgreSql, cancellationToken);
            return new SagaServers(null, cluster, clusterPostgreSql!);
        }

        var (node, nodePostgreSql) = await PrivateServers.StartAsync(rabbitMq: true, postgreSql, cancellationToken);
        return new SagaServers(node, null, nodePostgreSql!);
    }

    public async ValueTask DisposeAsync()
    {
        Broker.Dispose();
        if (_cluster is not null)
            await PrivateServers.StopAsync(_cluster, PostgreSql);
        else
            await PrivateServers.StopAsync(_node, PostgreSql);
    }
}
