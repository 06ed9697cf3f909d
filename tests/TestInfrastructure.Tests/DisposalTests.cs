using System.Diagnostics;
using Npgsql;

namespace Saga.TestInfrastructure.Tests;

/// <summary>Servers of their own, so that stopping them does not disturb the shared ones.</summary>
[TestFixture]
public sealed class DisposalTests
{
    [Test]
    [CancelAfter(240_000)]
    public async Task Disposing_a_RabbitMQ_node_stops_its_processes_and_deletes_its_directory(CancellationToken cancellationToken)
    {
        var node = await RabbitMqTestNode.StartAsync(cancellationToken);
        var directory = node.DataDirectory;
        int[] ports = [node.Port, node.ManagementPort, node.DistributionPort, node.EpmdPort];
        try
        {
            Assert.That(await FreeTcpPort.IsListeningAsync(node.Port, cancellationToken), Is.True, "AMQP port before dispose");
            Assert.That(await FreeTcpPort.IsListeningAsync(node.EpmdPort, cancellationToken), Is.True, "private epmd before dispose");
            Assert.That(ServerProcesses.FindMarked(directory), Is.Not.Empty, "the node's processes carry the marker");
        }
        finally
        {
            var stopwatch = Stopwatch.StartNew();
            await node.DisposeAsync();
            await TestContext.Progress.WriteLineAsync($"RabbitMQ node started in {node.StartupTime.TotalSeconds:0.00} s, stopped in {stopwatch.Elapsed.TotalSeconds:0.00} s.");
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var port in ports)
            {
                Assert.That(await FreeTcpPort.IsListeningAsync(port, cancellationToken), Is.False, $"port {port} after dispose");
            }

            Assert.That(Directory.Exists(directory), Is.False, "the node's directory after dispose");
            Assert.That(ServerProcesses.FindMarked(directory), Is.Empty, "the node's processes after dispose");
        }

        Assert.DoesNotThrowAsync(async () => await node.DisposeAsync(), "disposing twice");
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Disposing_a_RabbitMQ_cluster_stops_the_processes_of_every_member_and_deletes_their_directories(CancellationToken cancellationToken)
    {
        var cluster = await RabbitMqTestCluster.StartAsync(cancellationToken: cancellationToken);
        string[] directories = [.. cluster.Nodes.Select(n => n.DataDirectory), cluster.EpmdDirectory];
        int[] ports = [.. cluster.Nodes.SelectMany(n => new[] { n.Port, n.ManagementPort, n.DistributionPort }), cluster.EpmdPort];
        try
        {
            // One member killed and started again, one killed and left down: dispose must handle both.
            await cluster.Nodes[1].KillAsync();
            await cluster.Nodes[1].StartAgainAsync(cancellationToken);
            await cluster.Nodes[2].KillAsync();
            Assert.That(await FreeTcpPort.IsListeningAsync(cluster.EpmdPort, cancellationToken), Is.True, "the shared epmd before dispose");
            Assert.That(cluster.Nodes.Select(n => ServerProcesses.FindMarked(n.DataDirectory)), Has.Exactly(2).Not.Empty, "the running members' processes carry their marker");
            Assert.That(ServerProcesses.FindMarked(cluster.Nodes[2].DataDirectory), Is.Empty, "the killed member's processes");
            Assert.That(ServerProcesses.FindMarked(cluster.EpmdDirectory), Has.Count.EqualTo(1), "the shared epmd carries its marker");
        }
        finally
        {
            var stopwatch = Stopwatch.StartNew();
            await cluster.DisposeAsync();
            await TestContext.Progress.WriteLineAsync(
                $"RabbitMQ cluster of {cluster.Nodes.Count} started in {cluster.StartupTime.TotalSeconds:0.00} s, stopped in {stopwatch.Elapsed.TotalSeconds:0.00} s.");
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var port in ports)
            {
                Assert.That(await FreeTcpPort.IsListeningAsync(port, cancellationToken), Is.False, $"port {port} after dispose");
            }

            foreach (var directory in directories)
            {
                Assert.That(Directory.Exists(directory), Is.False, $"{directory} after dispose");
                Assert.That(ServerProcesses.FindMarked(directory), Is.Empty, $"the processes of {directory} after dispose");
            }

            Assert.That(cluster.Nodes.Select(n => n.IsRunning), Is.All.False);
        }

        Assert.DoesNotThrowAsync(async () => await cluster.DisposeAsync(), "disposing twice");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Disposing_a_PostgreSQL_cluster_stops_its_processes_and_deletes_its_directory(CancellationToken cancellationToken)
    {
        var cluster = await PostgreSqlTestCluster.StartAsync(cancellationToken);
        var directory = cluster.RootDirectory;
        var port = cluster.Port;
        var connectionString = await cluster.CreateDatabaseAsync(cancellationToken: cancellationToken);
        var pooled = new NpgsqlConnection(connectionString);
        try
        {
            await pooled.OpenAsync(cancellationToken);
            Assert.That(await FreeTcpPort.IsListeningAsync(port, cancellationToken), Is.True, "port before dispose");
            Assert.That(ServerProcesses.FindMarked(directory), Is.Not.Empty, "the cluster's processes carry the marker");
        }
        finally
        {
            var stopwatch = Stopwatch.StartNew();
            await cluster.DisposeAsync();
            await TestContext.Progress.WriteLineAsync($"PostgreSQL cluster started in {cluster.StartupTime.TotalSeconds:0.00} s, stopped in {stopwatch.Elapsed.TotalSeconds:0.00} s.");
            await pooled.DisposeAsync();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await FreeTcpPort.IsListeningAsync(port, cancellationToken), Is.False, "port after dispose");
            Assert.That(Directory.Exists(directory), Is.False, "the cluster's directory after dispose");
            Assert.That(ServerProcesses.FindMarked(directory), Is.Empty, "the cluster's processes after dispose");
        }

        Assert.DoesNotThrowAsync(async () => await cluster.DisposeAsync(), "disposing twice");
    }
}
