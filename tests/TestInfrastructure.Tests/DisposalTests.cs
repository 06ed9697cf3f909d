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
