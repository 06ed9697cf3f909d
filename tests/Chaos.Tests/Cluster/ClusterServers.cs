using Saga.SagaHarness.Broker;
using Saga.TestInfrastructure;

namespace Saga.Chaos.Tests.Cluster;

/// <summary>
/// A private 3-node RabbitMQ cluster for the cluster scenarios, started once and stopped afterwards; they use the
/// PostgreSQL cluster of <see cref="ChaosServers"/>. Each scenario kills a node and starts it again, so they run one at a
/// time and leave every node running.
/// </summary>
[SetUpFixture]
public sealed class ClusterServers
{
    public const int Nodes = 3;

    static RabbitMqTestCluster? _cluster;
    static SagaBroker? _broker;

    public static SagaBroker Broker => _broker ?? throw new InvalidOperationException("the RabbitMQ cluster was not started");

    [OneTimeSetUp]
    public async Task Start()
    {
        _cluster = await RabbitMqTestCluster.StartAsync(Nodes, CancellationToken.None);
        await TestContext.Progress.WriteLineAsync($"RabbitMQ cluster of {_cluster.Nodes.Count} nodes started in {_cluster.StartupTime.TotalSeconds:0.0} s");
        _broker = SagaBroker.Cluster(_cluster);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _broker?.Dispose();
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
