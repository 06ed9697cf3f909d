using System.Diagnostics;
using System.Globalization;

namespace Saga.TestInfrastructure;

/// <summary>
/// A private RabbitMQ cluster for tests: <see cref="RabbitMqTestNode"/>s on 127.0.0.1, each with its own node name
/// (<c>saga-test-&lt;token&gt;-&lt;n&gt;@localhost</c>), AMQP, management and distribution ports and state directory,
/// sharing one Erlang cookie, one administrator and one private epmd (nodes on one host find each other through it).
/// Node 1 starts blank; the others start at the same time and join it at boot (classic peer discovery).
/// Members can be killed (<see cref="RabbitMqTestNode.KillAsync"/>) and started again
/// (<see cref="RabbitMqTestNode.StartAgainAsync"/>). Disposing kills every member and deletes every directory.
/// </summary>
public sealed class RabbitMqTestCluster : IAsyncDisposable
{
    private static readonly TimeSpan s_startupTimeout = TimeSpan.FromSeconds(180);

    private readonly ServerInstance _epmdInstance;
    private readonly Process _epmd;
    private readonly RabbitMqTestNode[] _nodes;
    private readonly Lock _stopGate = new();
    private Task? _stop;

    private RabbitMqTestCluster(ServerInstance epmdInstance, Process epmd, RabbitMqTestNode[] nodes)
    {
        _epmdInstance = epmdInstance;
        _epmd = epmd;
        _nodes = nodes;
        foreach (var node in nodes)
        {
            node.Cluster = this;
        }
    }

    /// <summary>The members, in order: <c>Nodes[0]</c> is node 1, the one the others joined.</summary>
    public IReadOnlyList<RabbitMqTestNode> Nodes => _nodes;

    /// <summary>The administrator of the cluster (users are cluster-wide: the same on every node).</summary>
    public string Username => _nodes[0].Username;

    /// <summary>The administrator's random password.</summary>
    public string Password => _nodes[0].Password;

    /// <summary>The port of the epmd all members share.</summary>
    public int EpmdPort => _nodes[0].EpmdPort;

    /// <summary>The directory of the shared epmd (its log); deleted on dispose.</summary>
    internal string EpmdDirectory => _epmdInstance.Directory;

    /// <summary>How long <see cref="StartAsync"/> took, until every member ran and saw all the others running.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The first member whose VM runs, for management calls and rabbitmqctl.</summary>
    /// <exception cref="InvalidOperationException">No member runs.</exception>
    public RabbitMqTestNode RunningNode =>
        _nodes.FirstOrDefault(n => n.IsRunning) ?? throw new InvalidOperationException("No node of the RabbitMQ test cluster is running.");

    /// <summary>
    /// Starts <paramref name="nodeCount"/> fresh members and returns once every one accepts AMQP connections and
    /// management API calls and every one sees all of them running in the cluster.
    /// </summary>
    public static async Task<RabbitMqTestCluster> StartAsync(int nodeCount = 3, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeCount, 1);
        var stopwatch = Stopwatch.StartNew();
        var installation = await RabbitMqInstallation.FindOrInstallAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var cluster = await StartOnceAsync(installation, nodeCount, cancellationToken);
                cluster.StartupTime = stopwatch.Elapsed;
                return cluster;
            }
            catch (PortInUseException) when (attempt < 3)
            {
                // A chosen port was taken between choosing and binding: choose again.
            }
        }
    }

    /// <summary>
    /// Creates a virtual host through a running member (see <see cref="RabbitMqTestNode.CreateVirtualHostAsync"/>); it
    /// and <see cref="Username"/>'s permissions on it exist on every member.
    /// </summary>
    public Task<string> CreateVirtualHostAsync(string? name = null, CancellationToken cancellationToken = default) =>
        RunningNode.CreateVirtualHostAsync(name, cancellationToken);

    /// <summary>Deletes a virtual host through a running member.</summary>
    public Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken = default) =>
        RunningNode.DeleteVirtualHostAsync(name, cancellationToken);

    /// <summary>The node names a running member lists as running (see <see cref="RabbitMqTestNode.GetRunningNodeNamesAsync"/>).</summary>
    public Task<IReadOnlyList<string>> GetRunningNodeNamesAsync(CancellationToken cancellationToken = default) =>
        RunningNode.GetRunningNodeNamesAsync(cancellationToken);

    /// <summary>The member called <paramref name="nodeName"/> (e.g. a quorum queue's leader as the broker names it).</summary>
    public RabbitMqTestNode NodeNamed(string nodeName) =>
        _nodes.FirstOrDefault(n => n.NodeName == nodeName)
        ?? throw new ArgumentException($"No member of the cluster is called '{nodeName}'.", nameof(nodeName));

    /// <summary>Kills every member and the shared epmd, and deletes their directories. Idempotent.</summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            return _stop ??= StopCoreAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>
    /// Waits until every member whose VM runs lists exactly the running members as running: a member started (again)
    /// is back in the cluster, and the others have noticed.
    /// </summary>
    internal async Task WaitUntilMembersSeeEachOtherAsync(CancellationToken deadline, CancellationToken callerToken)
    {
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                var running = _nodes.Where(n => n.IsRunning).ToArray();
                var expected = running.Select(n => n.NodeName).Order(StringComparer.Ordinal).ToArray();
                var agreed = true;
                views.Clear();
                foreach (var node in running)
                {
                    try
                    {
                        var seen = await node.GetRunningNodeNamesAsync(deadline);
                        views[node.NodeName] = string.Join(", ", seen);
                        agreed &= seen.SequenceEqual(expected, StringComparer.Ordinal);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                                              && !deadline.IsCancellationRequested)
                    {
                        views[node.NodeName] = e.Message;
                        agreed = false;
                    }
                }

                if (agreed)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline);
            }
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                "The members of the RabbitMQ test cluster did not all see each other running in time. Running as seen by each: "
                + string.Join("; ", views.Select(v => $"{v.Key}: [{v.Value}]")));
        }
    }

    private static async Task<RabbitMqTestCluster> StartOnceAsync(
        RabbitMqInstallation installation, int nodeCount, CancellationToken cancellationToken)
    {
        var epmdInstance = await ServerInstance.CreateAsync(RabbitMqTestNode.Kind);
        var instances = new List<ServerInstance>(nodeCount);
        Process? epmd = null;
        Task<RabbitMqTestNode>[] launches = [];
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(s_startupTimeout);

            // One epmd port, then AMQP, distribution and management ports per member.
            var ports = FreeTcpPort.Find(1 + (3 * nodeCount));
            var epmdPort = ports[0];
            epmd = RabbitMqTestNode.StartEpmd(epmdInstance, epmdPort);
            await RabbitMqTestNode.WaitForEpmdAsync(epmd, epmdPort, epmdInstance.Directory, deadline.Token);

            var token = ServerDirectory.RandomToken(8);
            var names = Enumerable.Range(1, nodeCount)
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"saga-test-{token}-{i}@localhost"))
                .ToArray();
            var username = RabbitMqTestNode.NewUsername();
            var password = RabbitMqTestNode.NewPassword();
            var cookie = RabbitMqTestNode.NewCookie();
            for (var i = 0; i < nodeCount; i++)
            {
                instances.Add(await ServerInstance.CreateAsync(RabbitMqTestNode.Kind));
            }

            // Node 1 first, alone, until it runs with every feature flag on; then the others at once, joining it. A member
            // that joined while node 1 was still enabling its flags failed its boot now and then ("schema_integrity_check_failed":
            // node 1's tables changed shape under it). Each lists node 1 and itself, as classic config expects. Only node 1
            // creates the administrator and the default virtual host; the others get them by joining.
            RabbitMqTestNode.Settings SettingsOf(int i) => new(
                NodeName: names[i],
                AmqpPort: ports[1 + (3 * i)],
                DistributionPort: ports[2 + (3 * i)],
                EpmdPort: epmdPort,
                ManagementPort: ports[3 + (3 * i)],
                Username: username,
                Password: password,
                Cookie: cookie,
                Seeds: i == 0 ? [] : [names[0], names[i]]);
            Task<RabbitMqTestNode> Launch(int i) =>
                RabbitMqTestNode.LaunchAsync(installation, instances[i], SettingsOf(i), startEpmd: false, deadline.Token);

            launches = [Launch(0)];
            try
            {
                await launches[0];
                await launches[0].Result.EnableAllFeatureFlagsAsync(deadline.Token);
                launches = [launches[0], .. Enumerable.Range(1, nodeCount - 1).Select(Launch)];
                await Task.WhenAll(launches);
            }
            catch when (launches.Select(l => l.Exception?.InnerException).OfType<PortInUseException>().FirstOrDefault() is { } portInUse)
            {
                throw portInUse;
            }

            var cluster = new RabbitMqTestCluster(epmdInstance, epmd, [.. launches.Select(l => l.Result)]);
            await cluster.WaitUntilMembersSeeEachOtherAsync(deadline.Token, cancellationToken);

            // Should a flag still be off anywhere, enabling it now does it cluster-wide.
            await cluster.Nodes[0].EnableAllFeatureFlagsAsync(deadline.Token);
            return cluster;
        }
        catch
        {
            foreach (var launch in launches.Where(l => l.IsCompletedSuccessfully))
            {
                await StopQuietlyAsync(launch.Result);
            }

            foreach (var instance in instances)
            {
                await instance.FinishAsync();
            }

            if (epmd is not null)
            {
                ProcessRunner.KillTree(epmd);
                epmd.Dispose();
            }

            await epmdInstance.FinishAsync();
            throw;
        }
    }

    private static async Task StopQuietlyAsync(RabbitMqTestNode node)
    {
        try
        {
            await node.StopAsync(graceful: false);
        }
        catch (InvalidOperationException)
        {
            // Its instance is finished again by the caller; the watchdog retries at exit.
        }
    }

    private async Task StopCoreAsync()
    {
        var failures = new List<string>();
        var stops = _nodes.Select(n => n.StopAsync(graceful: false)).ToArray();
        try
        {
            await Task.WhenAll(stops);
        }
        catch (InvalidOperationException)
        {
            failures.AddRange(stops.Select(s => s.Exception?.InnerException?.Message).OfType<string>());
        }

        // Only now: members stopped by rabbitmqctl (and the kills above) need epmd to the end.
        ProcessRunner.KillTree(_epmd);
        _epmd.Dispose();
        if (!await _epmdInstance.FinishAsync())
        {
            failures.Add($"The cluster's epmd left processes or files behind in {_epmdInstance.Directory}.");
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                "The RabbitMQ test cluster did not stop cleanly; the watchdogs will retry when this process exits: "
                + string.Join(" ", failures));
        }
    }
}
