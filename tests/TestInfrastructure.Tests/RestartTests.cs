using System.Text;
using Npgsql;
using RabbitMQ.Client;

namespace Saga.TestInfrastructure.Tests;

/// <summary>
/// Restarting a private server keeps what a real restart keeps. Each test starts a server of its own, so that the
/// restart disturbs no other test.
/// </summary>
[TestFixture]
public sealed class RestartTests
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Restarting_the_broker_application_or_the_whole_node_keeps_durable_queues_and_persistent_messages_on_the_same_port(CancellationToken cancellationToken)
    {
        await using var node = await RabbitMqTestNode.StartAsync(cancellationToken);
        var port = node.Port;
        const string queue = "survives-restarts";
        await using (var connection = await ConnectAsync(node, cancellationToken))
        await using (var channel = await connection.CreateChannelAsync(
                         new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken))
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, new BasicProperties { DeliveryMode = DeliveryModes.Persistent },
                Encoding.UTF8.GetBytes("kept"), cancellationToken);
        }

        await node.RestartApplicationAsync(cancellationToken);
        var afterApplication = await MessagesInAsync(node, queue, cancellationToken);
        await node.RestartNodeAsync(cancellationToken);
        var afterNode = await MessagesInAsync(node, queue, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterApplication, Is.EqualTo(1), "after stop_app / start_app");
            Assert.That(afterNode, Is.EqualTo(1), "after the whole node stopped and started");
            Assert.That(node.Port, Is.EqualTo(port));
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task A_node_killed_with_SIGKILL_and_started_again_keeps_durable_queues_persistent_messages_its_ports_and_its_epmd(CancellationToken cancellationToken)
    {
        await using var node = await RabbitMqTestNode.StartAsync(cancellationToken);
        int[] ports = [node.Port, node.ManagementPort, node.DistributionPort, node.EpmdPort];
        const string queue = "survives-kill";
        await using (var connection = await ConnectAsync(node, cancellationToken))
        await using (var channel = await connection.CreateChannelAsync(
                         new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken))
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, new BasicProperties { DeliveryMode = DeliveryModes.Persistent },
                Encoding.UTF8.GetBytes("kept"), cancellationToken);
        }

        var marked = ServerProcesses.FindMarked(node.DataDirectory);
        await node.KillAsync();
        var left = ServerProcesses.FindMarked(node.DataDirectory);
        var amqpAfterKill = await FreeTcpPort.IsListeningAsync(node.Port, cancellationToken);
        var epmdAfterKill = await FreeTcpPort.IsListeningAsync(node.EpmdPort, cancellationToken);
        var runningAfterKill = node.IsRunning;
        await node.StartAgainAsync(cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(marked, Has.Count.GreaterThan(2), "epmd, the start script, beam.smp and its helpers before the kill");
            Assert.That(left, Has.Count.EqualTo(1), "only epmd after the kill");
            Assert.That(runningAfterKill, Is.False);
            Assert.That(amqpAfterKill, Is.False, "AMQP after the kill");
            Assert.That(epmdAfterKill, Is.True, "epmd after the kill");
            Assert.That(node.IsRunning, Is.True);
            Assert.That(await MessagesInAsync(node, queue, cancellationToken), Is.EqualTo(1), "after the kill and the start");
            Assert.That(new[] { node.Port, node.ManagementPort, node.DistributionPort, node.EpmdPort }, Is.EqualTo(ports));
        }

        Assert.That(async () => await node.StartAgainAsync(cancellationToken), Throws.InvalidOperationException, "starting a running node again");
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task With_synchronous_commit_restarting_PostgreSQL_fast_or_immediately_keeps_committed_rows_and_ends_every_session(CancellationToken cancellationToken)
    {
        await using var cluster = await PostgreSqlTestCluster.StartAsync(cancellationToken);
        await cluster.UseSynchronousCommitAsync(cancellationToken);
        var database = await cluster.CreateDatabaseAsync(cancellationToken: cancellationToken);
        await ExecuteAsync(database, "CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1)", cancellationToken);
        await using var session = new NpgsqlConnection(database);
        await session.OpenAsync(cancellationToken);
        var backend = session.ProcessID;

        await cluster.RestartAsync(immediate: false, cancellationToken);
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(database, "INSERT INTO kept VALUES (2)", cancellationToken);
        await cluster.RestartAsync(immediate: true, cancellationToken);
        NpgsqlConnection.ClearAllPools();

        await using var reader = new NpgsqlConnection(database);
        await reader.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM kept", reader);
        await using var stillThere = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", reader) { Parameters = { new() { Value = backend } } };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await count.ExecuteScalarAsync(cancellationToken), Is.EqualTo(2L), "both committed rows, the second through crash recovery");
            Assert.That(await stillThere.ExecuteScalarAsync(cancellationToken), Is.EqualTo(0L), "the session open before the restarts is gone");
        }
    }

    private static Task<IConnection> ConnectAsync(RabbitMqTestNode node, CancellationToken cancellationToken) =>
        new ConnectionFactory { Uri = node.AmqpUri, AutomaticRecoveryEnabled = false }.CreateConnectionAsync(cancellationToken);

    private static async Task<uint> MessagesInAsync(RabbitMqTestNode node, string queue, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(node, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
