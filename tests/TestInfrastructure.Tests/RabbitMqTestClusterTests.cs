using System.Diagnostics;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace Saga.TestInfrastructure.Tests;

/// <summary>
/// One 3-node cluster for the fixture (each start costs seconds). The tests that kill a member start it again before
/// they end, so that the next test finds all three running.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RabbitMqTestClusterTests
{
    private RabbitMqTestCluster? _cluster;

    private RabbitMqTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        (_cluster, var postgreSql) = await PrivateServers.StartClusterAsync(3, postgreSql: null, timeout.Token);
        Assert.That(postgreSql, Is.Null, "no PostgreSQL asked for");
        await TestContext.Progress.WriteLineAsync(
            $"RabbitMQ cluster of {Cluster.Nodes.Count} ({string.Join(", ", Cluster.Nodes.Select(n => n.NodeName))}) started in {Cluster.StartupTime.TotalSeconds:0.00} s.");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [TearDown]
    public async Task StartKilledMembersAgainAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var node in Cluster.Nodes.Where(n => !n.IsRunning))
        {
            await node.StartAgainAsync(timeout.Token);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task The_cluster_starts_with_three_running_members_that_see_each_other(CancellationToken cancellationToken)
    {
        var names = Cluster.Nodes.Select(n => n.NodeName).Order(StringComparer.Ordinal).ToArray();
        var views = new List<IReadOnlyList<string>>();
        foreach (var node in Cluster.Nodes)
        {
            views.Add(await node.GetRunningNodeNamesAsync(cancellationToken));
        }

        var status = await Cluster.Nodes[2].RunCtlAsync("cluster_status", "--formatter", "json");
        var featureFlags = await Cluster.Nodes[1].RunCtlAsync("-q", "list_feature_flags", "--no-table-headers");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cluster.Nodes, Has.Count.EqualTo(3));
            Assert.That(Cluster.Nodes.Select(n => n.IsRunning), Is.All.True);
            Assert.That(names.Distinct(), Has.Exactly(3).Items, "a node name of its own each");
            Assert.That(Cluster.Nodes.Select(n => n.Port).Concat(Cluster.Nodes.Select(n => n.ManagementPort)).Concat(Cluster.Nodes.Select(n => n.DistributionPort)).Distinct(),
                Has.Exactly(9).Items, "ports of their own each");
            Assert.That(Cluster.Nodes.Select(n => n.EpmdPort).Distinct(), Has.Exactly(1).Items, "one shared epmd");
            Assert.That(Cluster.Nodes.Select(n => n.DataDirectory).Distinct(), Has.Exactly(3).Items, "a state directory of its own each");
            Assert.That(Cluster.Nodes.Select(n => n.Username), Is.All.EqualTo(Cluster.Username));
            Assert.That(views, Is.All.EqualTo(names), "every member lists all three as running");
            foreach (var name in names)
            {
                Assert.That(status, Does.Contain($"\"{name}\""), "rabbitmqctl cluster_status");
            }

            Assert.That(featureFlags, Does.Contain("quorum_queue\tenabled").And.Not.Contain("disabled"), "feature flags");
        }

        var users = await Cluster.Nodes[1].RunCtlAsync("-q", "list_users", "--no-table-headers");
        Assert.That(users.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { $"{Cluster.Username}\t[administrator]" }),
            "the administrator exists once, cluster-wide");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Every_member_and_a_virtual_host_created_through_the_cluster_accept_the_administrator(CancellationToken cancellationToken)
    {
        var vhost = await Cluster.CreateVirtualHostAsync(cancellationToken: cancellationToken);
        foreach (var node in Cluster.Nodes)
        {
            await using var connection = await ConnectAsync(node, vhost, cancellationToken);
            Assert.That(connection.IsOpen, Is.True, node.NodeName);
        }

        await Cluster.DeleteVirtualHostAsync(vhost, cancellationToken);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Members_and_the_single_node_run_without_scheduler_busy_waiting(CancellationToken cancellationToken)
    {
        foreach (var node in Cluster.Nodes.Append(TestServers.RabbitMq))
        {
            var beam = ServerProcesses.FindMarked(node.DataDirectory)
                .Select(pid => (Pid: pid, CommandLine: CommandLineOf(pid)))
                .Single(p => p.CommandLine.Contains("beam", StringComparison.Ordinal));
            // erlexec hands erl's "+flag" arguments to beam.smp as "-flag".
            Assert.That(beam.CommandLine, Does.Contain("-sbwt none -sbwtdcpu none -sbwtdio none"), node.NodeName);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_quorum_queue_declared_through_one_node_is_replicated_on_all_three(CancellationToken cancellationToken)
    {
        var vhost = await Cluster.CreateVirtualHostAsync(cancellationToken: cancellationToken);
        const string queue = "replicated";
        await using (var connection = await ConnectAsync(Cluster.Nodes[1], vhost, cancellationToken))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await DeclareQuorumQueueAsync(channel, queue, cancellationToken);
        }

        var members = await QuorumMembersAsync(Cluster.Nodes[0], vhost, queue);

        Assert.That(members.Order(StringComparer.Ordinal), Is.EqualTo(Cluster.Nodes.Select(n => n.NodeName).Order(StringComparer.Ordinal)));
        await Cluster.DeleteVirtualHostAsync(vhost, cancellationToken);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task A_confirmed_message_in_a_quorum_queue_survives_the_SIGKILL_of_its_leader_and_is_consumed_through_another_node(CancellationToken cancellationToken)
    {
        var vhost = await Cluster.CreateVirtualHostAsync(cancellationToken: cancellationToken);
        const string queue = "survives-leader-kill";
        await using (var connection = await ConnectAsync(Cluster.Nodes[1], vhost, cancellationToken))
        await using (var channel = await connection.CreateChannelAsync(
                         new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken))
        {
            await DeclareQuorumQueueAsync(channel, queue, cancellationToken);

            // With confirms on, the publish returns once a majority of the members have the message.
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, new BasicProperties { DeliveryMode = DeliveryModes.Persistent },
                Encoding.UTF8.GetBytes("kept"), cancellationToken);
        }

        var leader = Cluster.NodeNamed(await QuorumLeaderAsync(Cluster.Nodes[1], vhost, queue));
        var consumer = Cluster.Nodes.First(n => n != leader);

        var stopwatch = Stopwatch.StartNew();
        await leader.KillAsync();
        var killed = stopwatch.Elapsed;
        var message = await GetWithinAsync(consumer, vhost, queue, cancellationToken);
        var consumed = stopwatch.Elapsed;
        var newLeader = await QuorumLeaderAsync(consumer, vhost, queue);
        await TestContext.Progress.WriteLineAsync(
            $"Leader {leader.NodeName} killed in {killed.TotalSeconds:0.00} s; message consumed through {consumer.NodeName} {consumed.TotalSeconds:0.00} s after the kill began; new leader {newLeader}.");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(leader.IsRunning, Is.False);
            Assert.That(ServerProcesses.FindMarked(leader.DataDirectory), Is.Empty, "the killed VM's processes");
            Assert.That(message, Is.EqualTo("kept"));
            Assert.That(newLeader, Is.Not.EqualTo(leader.NodeName));
        }

        // The kill is one transition; the rest of the cluster goes on, and the queue is empty after the get.
        using var startAgain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await leader.StartAgainAsync(startAgain.Token);
        Assert.That((await QuorumMembersAsync(leader, vhost, queue)).Order(StringComparer.Ordinal),
            Is.EqualTo(Cluster.Nodes.Select(n => n.NodeName).Order(StringComparer.Ordinal)), "members after the restart");
        await Cluster.DeleteVirtualHostAsync(vhost, cancellationToken);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task A_killed_member_started_again_rejoins_and_the_cluster_reports_three_running_nodes(CancellationToken cancellationToken)
    {
        var member = Cluster.Nodes[1];
        var ports = (member.Port, member.ManagementPort, member.DistributionPort);

        await member.KillAsync();
        var withoutIt = await WaitForRunningCountAsync(Cluster.Nodes[0], 2, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        await member.StartAgainAsync(cancellationToken);
        var rejoinTime = stopwatch.Elapsed;
        var status = await Cluster.Nodes[0].RunCtlAsync("cluster_status", "--formatter", "json");
        await TestContext.Progress.WriteLineAsync($"{member.NodeName} started again and rejoined in {rejoinTime.TotalSeconds:0.00} s.");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(withoutIt, Does.Not.Contain(member.NodeName), "the others noticed the kill");
            Assert.That(member.IsRunning, Is.True);
            Assert.That((member.Port, member.ManagementPort, member.DistributionPort), Is.EqualTo(ports), "the same ports");
            foreach (var node in Cluster.Nodes)
            {
                Assert.That(await node.GetRunningNodeNamesAsync(cancellationToken), Has.Count.EqualTo(3), node.NodeName);
            }

            Assert.That(RunningNodesIn(status), Has.Count.EqualTo(3), "rabbitmqctl cluster_status: " + status);
        }
    }

    private static IReadOnlyList<string> RunningNodesIn(string clusterStatusJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(clusterStatusJson);
        return [.. document.RootElement.GetProperty("running_nodes").EnumerateArray().Select(e => e.GetString()!)];
    }

    private static async Task<IReadOnlyList<string>> WaitForRunningCountAsync(RabbitMqTestNode node, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var running = await node.GetRunningNodeNamesAsync(cancellationToken);
            if (running.Count == count)
            {
                return running;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static Task<QueueDeclareOk> DeclareQuorumQueueAsync(IChannel channel, string queue, CancellationToken cancellationToken) =>
        channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);

    private static async Task<IReadOnlyList<string>> QuorumMembersAsync(RabbitMqTestNode node, string vhost, string queue)
    {
        var output = await node.RunCtlAsync("-q", "list_queues", "--no-table-headers", "-p", vhost, "name", "type", "members");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Single(l => l.StartsWith(queue + "\t", StringComparison.Ordinal));
        var fields = line.Split('\t');
        Assert.That(fields[1], Is.EqualTo("quorum"), "queue type");
        return [.. fields[2].Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    private static async Task<string> QuorumLeaderAsync(RabbitMqTestNode node, string vhost, string queue)
    {
        var output = await node.RunCtlAsync("-q", "list_queues", "--no-table-headers", "-p", vhost, "name", "leader");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Single(l => l.StartsWith(queue + "\t", StringComparison.Ordinal));
        return line.Split('\t')[1];
    }

    private static async Task<string> GetWithinAsync(RabbitMqTestNode node, string vhost, string queue, CancellationToken cancellationToken)
    {
        // Until a new leader is elected the queue does not answer (the channel may even be closed): retry, bounded by
        // the test's CancelAfter.
        while (true)
        {
            try
            {
                await using var connection = await ConnectAsync(node, vhost, cancellationToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                if (await channel.BasicGetAsync(queue, autoAck: true, cancellationToken) is { } message)
                {
                    return Encoding.UTF8.GetString(message.Body.Span);
                }
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or TimeoutException)
            {
                // Not elected yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static Task<IConnection> ConnectAsync(RabbitMqTestNode node, string vhost, CancellationToken cancellationToken) =>
        new ConnectionFactory { Uri = node.AmqpUriFor(vhost), AutomaticRecoveryEnabled = false, RequestedConnectionTimeout = TimeSpan.FromSeconds(10) }
            .CreateConnectionAsync(cancellationToken);

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
