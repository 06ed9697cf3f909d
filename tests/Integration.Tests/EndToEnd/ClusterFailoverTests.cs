using System.Diagnostics;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Persistence.Sagas;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// The services on a real 3-node RabbitMQ cluster, given all three as <c>ClusterNodes</c>, with quorum queues: the node
/// their connections are on is killed (SIGKILL) with orders in flight. They fail over to the next node, and every order
/// submitted before, during and after completes; then the node comes back.
/// </summary>
[NonParallelizable]
public sealed class ClusterFailoverTests
{
    const int OrdersPerPhase = 10;

    RabbitMqTestCluster? _cluster;

    RabbitMqTestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster was not started");

    [OneTimeSetUp]
    public async Task StartCluster() => _cluster = await RabbitMqTestCluster.StartAsync(3);

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    [Test]
    public async Task Orders_submitted_before_during_and_after_the_connected_node_is_killed_all_complete()
    {
        var settings = new SagaSystemSettings(await Cluster.CreateVirtualHostAsync(),
            await Servers.Postgres.CreateDatabaseAsync(), await Servers.Postgres.CreateDatabaseAsync(),
            await Servers.Postgres.CreateDatabaseAsync(), await Servers.Postgres.CreateDatabaseAsync(),
            SagaConcurrencyMode.Optimistic, QuorumQueues: true) { Cluster = Cluster };
        await using var system = await SagaSystem.StartAsync(settings);
        var first = Cluster.Nodes[0];
        var next = Cluster.Nodes[1];

        // Both services (a bus connection each) connect to the first node they are given, as MassTransit walks the list
        // in order; the test's own client is on the last node, which stays up. The management API lists a new connection
        // within its statistics interval (5 s).
        const int serviceConnections = 2;
        await Poll.UntilAsync(async () => (await ServiceConnections(settings)).Count(c => c.Node == first.NodeName) == serviceConnections,
            $"both services are connected to {first.NodeName}, the first node in their list");

        var before = await SubmitAsync(system);
        var clock = Stopwatch.StartNew();
        await first.KillAsync();
        var killed = clock.Elapsed;
        var during = await SubmitAsync(system);

        await Poll.UntilAsync(async () => (await ServiceConnections(settings)).Count(c => c.Node == next.NodeName) == serviceConnections,
            $"the services reconnect to {next.NodeName}, the next node in their list", TimeSpan.FromSeconds(60));
        var reconnected = clock.Elapsed;
        foreach (var order in before.Concat(during))
            Assert.That((await system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"), $"order {order.OrderId}");
        var completed = clock.Elapsed;

        var after = await SubmitAsync(system);
        foreach (var order in after)
            Assert.That((await system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"), $"order {order.OrderId}");

        await first.StartAgainAsync();
        var back = clock.Elapsed;
        var depths = await system.WaitUntilSettled();
        TestContext.Out.WriteLine(
            $"killed {first.NodeName} in {killed.TotalSeconds:0.0} s; services reconnected to {next.NodeName} {(reconnected - killed).TotalSeconds:0.0} s after the kill; " +
            $"the {2 * OrdersPerPhase} orders submitted before and during completed {(completed - killed).TotalSeconds:0.0} s after it; " +
            $"the node was back in the cluster {(back - killed).TotalSeconds:0.0} s after it");
        Assert.Multiple(() =>
        {
            foreach (var (queue, count) in depths.Where(d => d.Key.EndsWith("_error", StringComparison.Ordinal) || d.Key == "saga-dead-letter"))
                Assert.That(count, Is.Zero, queue);
        });
    }

    static async Task<List<SubmitOrder>> SubmitAsync(SagaSystem system)
    {
        var orders = Enumerable.Range(0, OrdersPerPhase).Select(_ => TestOrders.Valid()).ToList();
        foreach (var order in orders)
            await system.Submit(order);
        return orders;
    }

    // Every connection to the system's virtual host but the test client's, which is on the last node.
    async Task<List<BrokerClientConnections.Connection>> ServiceConnections(SagaSystemSettings settings) =>
        [.. (await BrokerClientConnections.ListAsync(Cluster.RunningNode, settings.VirtualHost)).Where(c => c.Node != settings.ClientNode.NodeName)];
}
