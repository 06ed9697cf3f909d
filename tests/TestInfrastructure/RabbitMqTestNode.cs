using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using RabbitMQ.Client;

namespace Saga.TestInfrastructure;

/// <summary>
/// A private RabbitMQ node for tests, started from the machine's Debian <c>rabbitmq-server</c> (installed with apt-get
/// when missing and running as root): its own node name, Erlang cookie, epmd, ports on 127.0.0.1 and state directory,
/// so it neither uses nor disturbs any other broker on the machine. The only user is a random administrator; there is
/// no <c>guest</c>. The management plugin is on (see <see cref="ManagementUri"/>). A node can also be a member of a
/// <see cref="RabbitMqTestCluster"/>, which then owns the epmd its members share.
/// </summary>
public sealed class RabbitMqTestNode : IAsyncDisposable
{
    internal const string Kind = "rabbitmq";

    private static readonly TimeSpan s_startupTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan s_ctlTimeout = TimeSpan.FromSeconds(120);

    // Each attempt waits up to RabbitMQ's own virtual-host start timeout before it answers.
    private const int VirtualHostAttempts = 4;
    private static readonly TimeSpan s_killTimeout = TimeSpan.FromSeconds(15);

    // RabbitMQ 3.10's defaults already include these, but an inherited SCHEDULER_BUSY_WAIT_THRESHOLD would change them:
    // a scheduler that spins while idle takes CPU from the other VMs and test processes on a small machine.
    private const string NoBusyWaiting = "+sbwt none +sbwtdcpu none +sbwtdio none";

    // Unprefixed names that rabbitmq-env also reads (as fallbacks for the RABBITMQ_ ones) from the environment.
    private static readonly string[] s_inheritedSettingsToDrop =
    [
        "NODENAME", "NODE_IP_ADDRESS", "NODE_PORT", "DIST_PORT", "USE_LONGNAME", "CONFIG_FILE", "ADVANCED_CONFIG_FILE",
        "CONF_ENV_FILE", "MNESIA_BASE", "MNESIA_DIR", "LOG_BASE", "LOGS", "PLUGINS_DIR", "PLUGINS_EXPAND_DIR",
        "ENABLED_PLUGINS_FILE", "ENABLED_PLUGINS", "PID_FILE", "FEATURE_FLAGS_FILE", "QUORUM_DIR", "STREAM_DIR",
        "SERVER_ERL_ARGS", "SERVER_ADDITIONAL_ERL_ARGS", "SERVER_START_ARGS", "CTL_ERL_ARGS", "CTL_DIST_PORT_MIN",
        "CTL_DIST_PORT_MAX", "SCHEMA_DIR", "GENERATED_CONFIG_DIR", "KEEP_PID_FILE_ON_EXIT", "SCHEDULER_BUSY_WAIT_THRESHOLD",
    ];

    private readonly ServerInstance _instance;
    private readonly RabbitMqInstallation _installation;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly Process? _epmd; // Null for a cluster member: the cluster owns the epmd its members share.
    private Process _server;
    private readonly HttpClient _management;
    private readonly Lock _stopGate = new();
    private Task? _stop;

    private RabbitMqTestNode(
        ServerInstance instance,
        RabbitMqInstallation installation,
        Settings settings,
        IReadOnlyDictionary<string, string?> environment,
        Process? epmd,
        Process server)
    {
        _instance = instance;
        _installation = installation;
        _environment = environment;
        _epmd = epmd;
        _server = server;
        NodeName = settings.NodeName;
        Port = settings.AmqpPort;
        ManagementPort = settings.ManagementPort;
        DistributionPort = settings.DistributionPort;
        EpmdPort = settings.EpmdPort;
        Username = settings.Username;
        Password = settings.Password;
        _management = new HttpClient { BaseAddress = ManagementUri, Timeout = TimeSpan.FromSeconds(60) };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
    }

    /// <summary>Always 127.0.0.1: the node listens on loopback only.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Connection settings belong to the node.")]
    public string Host => "127.0.0.1";

    /// <summary>The AMQP port (never 5672; a free port chosen at start).</summary>
    public int Port { get; }

    /// <summary>The port of the management plugin's HTTP API.</summary>
    public int ManagementPort { get; }

    /// <summary>The Erlang distribution port of the node.</summary>
    public int DistributionPort { get; }

    /// <summary>The port of this node's private epmd (shared by the members of a <see cref="RabbitMqTestCluster"/>).</summary>
    public int EpmdPort { get; }

    /// <summary>The administrator this node was created with (random; not <c>guest</c>, which does not exist here).</summary>
    public string Username { get; }

    /// <summary>The administrator's random password.</summary>
    public string Password { get; }

    /// <summary>The default virtual host, <c>/</c>; the user has full permissions on it.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Connection settings belong to the node.")]
    public string VirtualHost => "/";

    /// <summary>The Erlang node name, e.g. <c>saga-test-k3j9x0qa@localhost</c>.</summary>
    public string NodeName { get; }

    /// <summary>The directory holding all of this node's state (mnesia, logs, config, cookie); deleted on dispose.</summary>
    public string DataDirectory => _instance.Directory;

    /// <summary>
    /// True while the node's Erlang VM runs: false after <see cref="KillAsync"/> until <see cref="StartAgainAsync"/>, and
    /// after <see cref="StopAsync"/>. (A VM that runs may still be booting or stopping.)
    /// </summary>
    public bool IsRunning
    {
        get
        {
            lock (_stopGate)
            {
                return _stop is null && !_server.HasExited;
            }
        }
    }

    /// <summary>The cluster this node is a member of, if any.</summary>
    internal RabbitMqTestCluster? Cluster { get; set; }

    /// <summary>How long <see cref="StartAsync"/> took, from the first check to the node accepting AMQP and HTTP.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary><c>amqp://user:password@127.0.0.1:port/</c> — the default virtual host.</summary>
    public Uri AmqpUri => AmqpUriFor(VirtualHost);

    /// <summary>The management HTTP API's base address, <c>http://127.0.0.1:port/</c> (basic auth with <see cref="Username"/>).</summary>
    public Uri ManagementUri => new($"http://{Host}:{ManagementPort.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The AMQP URI of <paramref name="virtualHost"/> on this node, with the credentials in it.</summary>
    public Uri AmqpUriFor(string virtualHost)
    {
        ArgumentException.ThrowIfNullOrEmpty(virtualHost);
        var path = virtualHost == "/" ? string.Empty : Uri.EscapeDataString(virtualHost);
        return new Uri(
            $"amqp://{Uri.EscapeDataString(Username)}:{Uri.EscapeDataString(Password)}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{path}");
    }

    /// <summary>Starts a fresh private node and returns once it accepts AMQP connections and management API calls.</summary>
    public static async Task<RabbitMqTestNode> StartAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var installation = await RabbitMqInstallation.FindOrInstallAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var node = await StartOnceAsync(installation, cancellationToken);
                node.StartupTime = stopwatch.Elapsed;
                return node;
            }
            catch (PortInUseException) when (attempt < 3)
            {
                // A chosen port was taken between choosing and binding: choose again.
            }
        }
    }

    /// <summary>
    /// Creates a virtual host (a fresh random name unless <paramref name="name"/> is given) on which <see cref="Username"/>
    /// has full permissions, and returns its name. Lets each test class isolate its exchanges and queues.
    /// </summary>
    public async Task<string> CreateVirtualHostAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "saga-test-" + ServerDirectory.RandomToken(10);
        var vhost = Uri.EscapeDataString(name);
        // On a cluster the call waits until every member started the virtual host and answers 500 "timeout" when one is
        // slow (seen on a loaded machine right after the cluster formed); the host is still created. The PUT is
        // idempotent, so ask again, within a bound.
        for (var attempt = 1; ; attempt++)
        {
            using var created = await _management.PutAsync(
                $"api/vhosts/{vhost}", JsonContent.Create(new { description = "test" }), cancellationToken);
            if (created.StatusCode != System.Net.HttpStatusCode.InternalServerError || attempt == VirtualHostAttempts)
            {
                await EnsureSuccessAsync(created, $"creating virtual host '{name}'", cancellationToken);
                break;
            }
        }

        using (var permitted = await _management.PutAsync(
                   $"api/permissions/{vhost}/{Uri.EscapeDataString(Username)}",
                   JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }),
                   cancellationToken))
        {
            await EnsureSuccessAsync(permitted, $"granting '{Username}' permissions on virtual host '{name}'", cancellationToken);
        }

        return name;
    }

    /// <summary>Deletes a virtual host and everything in it.</summary>
    public async Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(name)}", cancellationToken);
        await EnsureSuccessAsync(response, $"deleting virtual host '{name}'", cancellationToken);
    }

    /// <summary>
    /// Runs <c>rabbitmqctl -n &lt;this node&gt; args…</c> with this node's environment (cookie, epmd port) and returns its
    /// standard output, e.g. <c>RunCtlAsync("list_queues", "-p", vhost, "name", "messages")</c>. Add <c>-q</c> and
    /// <c>--no-table-headers</c> for output without banners.
    /// </summary>
    /// <exception cref="ProcessFailedException">rabbitmqctl exited non-zero; the message has its stderr.</exception>
    public async Task<string> RunCtlAsync(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = await ProcessRunner.RunCheckedAsync(
            _installation.CtlScript, ["-n", NodeName, .. args], s_ctlTimeout, _environment, DataDirectory);
        return result.StandardOutput;
    }

    /// <summary>The queues of a virtual host (default <c>/</c>) with their message counts (ready + unacknowledged), via rabbitmqctl.</summary>
    public async Task<IReadOnlyDictionary<string, long>> GetQueueMessageCountsAsync(string? virtualHost = null)
    {
        var output = await RunCtlAsync("-q", "list_queues", "--no-table-headers", "-p", virtualHost ?? VirtualHost, "name", "messages");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = line.LastIndexOf('\t');
            if (separator > 0 && long.TryParse(line[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var messages))
            {
                counts[line[..separator]] = messages;
            }
        }

        return counts;
    }

    /// <summary>
    /// Restarts the RabbitMQ application inside the running Erlang VM (<c>rabbitmqctl stop_app</c>, then
    /// <c>start_app</c>): every connection is closed, durable queues and persistent messages survive. Returns once the
    /// node accepts AMQP connections and management API calls again.
    /// </summary>
    public async Task RestartApplicationAsync(CancellationToken cancellationToken = default)
    {
        await RunCtlAsync("stop_app");
        await RunCtlAsync("start_app");
        await WaitUntilBackAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the whole node (the Erlang VM halts, as after <c>systemctl stop rabbitmq-server</c>) and starts it again on
    /// the same directory, name and ports: definitions, durable queues and persistent messages survive. Returns once the
    /// node accepts AMQP connections and management API calls again.
    /// </summary>
    public async Task RestartNodeAsync(CancellationToken cancellationToken = default)
    {
        await StopProcessesAsync(keepEpmd: true);
        ReplaceServer();
        await WaitUntilBackAsync(cancellationToken);
    }

    /// <summary>
    /// Kills the node's Erlang VM with SIGKILL — beam.smp and its helpers (erl_child_setup, inet_gethost…), as a crash
    /// or the OOM killer would; nothing is stopped gracefully — and returns once they are gone. The directory, the ports
    /// and epmd stay, for <see cref="StartAgainAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The node was stopped (disposed), or its processes did not go.</exception>
    public async Task KillAsync()
    {
        ThrowIfStopped();
        var epmd = _epmd?.Id;
        var deadline = DateTime.UtcNow + s_killTimeout;
        var killed = new HashSet<int>();
        while (true)
        {
            // Every process of the VM carries the node's marker; the node's own epmd (single node) does too and stays.
            var pids = ServerProcesses.FindMarked(DataDirectory).Where(pid => pid != epmd).ToArray();
            if (pids.Length == 0)
            {
                break;
            }

            killed.UnionWith(pids);

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException(
                    $"RabbitMQ node {NodeName}: processes {string.Join(", ", pids)} still exist {s_killTimeout.TotalSeconds:0} s after SIGKILL.");
            }

            ServerProcesses.Signal(pids, NativeMethods.SigKill);
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        // Gone from the marked processes is not yet gone: the VM's last threads may still hold its sockets open.
        if (!await ServerProcesses.WaitUntilExitedAsync(killed, s_killTimeout))
        {
            throw new InvalidOperationException(
                $"RabbitMQ node {NodeName}: threads of processes {string.Join(", ", killed)} still run {s_killTimeout.TotalSeconds:0} s after SIGKILL.");
        }

        using var reaped = new CancellationTokenSource(s_killTimeout);
        await _server.WaitForExitAsync(reaped.Token);
    }

    /// <summary>
    /// Starts the node again after <see cref="KillAsync"/> (or a crash) on the same directory, node name and ports, and
    /// returns once it accepts AMQP connections and management API calls — for a cluster member, once every running
    /// member also sees it running in the cluster again.
    /// </summary>
    /// <exception cref="InvalidOperationException">The node is running, or was stopped (disposed).</exception>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfStopped();
        if (!_server.HasExited)
        {
            throw new InvalidOperationException($"RabbitMQ node {NodeName} is running; kill or stop it before starting it again.");
        }

        ReplaceServer();
        await WaitUntilBackAsync(cancellationToken);
    }

    /// <summary>
    /// The nodes this node's cluster database lists as running (from the management API's <c>/api/nodes</c>); a node
    /// that is not clustered lists only itself.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetRunningNodeNamesAsync(CancellationToken cancellationToken = default)
    {
        var nodes = await _management.GetFromJsonAsync<ClusterNode[]>(new Uri("api/nodes", UriKind.Relative), cancellationToken)
            ?? [];
        return [.. nodes.Where(n => n.Running).Select(n => n.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>Enables every stable feature flag that is not enabled yet, cluster-wide (as <c>rabbitmqctl enable_feature_flag all</c>, without starting a VM for it).</summary>
    internal async Task EnableAllFeatureFlagsAsync(CancellationToken cancellationToken)
    {
        var flags = await _management.GetFromJsonAsync<FeatureFlag[]>(new Uri("api/feature-flags", UriKind.Relative), cancellationToken)
            ?? [];
        foreach (var flag in flags.Where(f => f.State != "enabled" && f.Stability == "stable"))
        {
            using var response = await _management.PutAsync(
                $"api/feature-flags/{Uri.EscapeDataString(flag.Name)}/enable", JsonContent.Create(new { }), cancellationToken);
            await EnsureSuccessAsync(response, $"enabling feature flag '{flag.Name}'", cancellationToken);
        }
    }

    /// <summary>
    /// Stops the node (<c>rabbitmqctl stop</c>, then killing whatever is left, its epmd included — not the epmd a cluster
    /// shares) and deletes its directory.
    /// Idempotent.
    /// </summary>
    public Task StopAsync() => StopAsync(graceful: true);

    /// <summary>
    /// As <see cref="StopAsync()"/>; without <paramref name="graceful"/> the VM is killed at once, as a cluster does with
    /// its members (its state is thrown away, and a graceful stop of one member makes the others shuffle queue leaders).
    /// </summary>
    internal Task StopAsync(bool graceful)
    {
        lock (_stopGate)
        {
            return _stop ??= StopCoreAsync(graceful);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<RabbitMqTestNode> StartOnceAsync(RabbitMqInstallation installation, CancellationToken cancellationToken)
    {
        var instance = await ServerInstance.CreateAsync(Kind);
        var ports = FreeTcpPort.Find(4);
        var settings = new Settings(
            NodeName: $"saga-test-{ServerDirectory.RandomToken(8)}@localhost",
            AmqpPort: ports[0],
            DistributionPort: ports[1],
            EpmdPort: ports[2],
            ManagementPort: ports[3],
            Username: NewUsername(),
            Password: NewPassword(),
            Cookie: NewCookie(),
            Seeds: []);
        return await LaunchAsync(installation, instance, settings, startEpmd: true, cancellationToken);
    }

    internal static string NewUsername() => "saga-admin-" + ServerDirectory.RandomToken(6);

    internal static string NewPassword() => ServerDirectory.RandomToken(32);

    internal static string NewCookie() => ServerDirectory.RandomToken(32).ToUpperInvariant();

    /// <summary>
    /// Writes the node's files into <paramref name="instance"/>'s directory, starts its epmd if <paramref name="startEpmd"/>
    /// (otherwise one must listen on <see cref="Settings.EpmdPort"/>), starts the broker and returns once it accepts AMQP
    /// connections and management API calls. On failure the instance is finished (processes gone, directory deleted).
    /// </summary>
    internal static async Task<RabbitMqTestNode> LaunchAsync(
        RabbitMqInstallation installation, ServerInstance instance, Settings settings, bool startEpmd, CancellationToken cancellationToken)
    {
        Process? epmd = null;
        Process? server = null;
        try
        {
            var directory = instance.Directory;
            var pluginsDirectory = Path.Combine(directory, "plugins");
            var trimmedPlugins = installation.TryLinkPluginClosure(pluginsDirectory, ["rabbit", "rabbitmq_management"]);
            WriteConfiguration(directory, settings);
            var environment = BuildEnvironment(directory, settings, trimmedPlugins ? pluginsDirectory : null);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(s_startupTimeout);
            if (startEpmd)
            {
                epmd = StartEpmd(instance, settings.EpmdPort, environment);
                await WaitForEpmdAsync(epmd, settings.EpmdPort, directory, deadline.Token);
            }

            server = instance.StartBackground(installation.ServerScript, [], environment, Path.Combine(directory, "server.log"));
            var node = new RabbitMqTestNode(instance, installation, settings, environment, epmd, server);
            await node.WaitUntilReadyAsync(deadline.Token, cancellationToken);
            return node;
        }
        catch
        {
            if (server is not null)
            {
                ProcessRunner.KillTree(server);
            }

            if (epmd is not null)
            {
                ProcessRunner.KillTree(epmd);
            }

            await instance.FinishAsync();
            throw;
        }
    }

    /// <summary>Starts an epmd of <paramref name="instance"/> on 127.0.0.1:<paramref name="port"/>.</summary>
    internal static Process StartEpmd(ServerInstance instance, int port, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var epmdPath = SystemPackages.FindCommand("epmd")
            ?? throw new InvalidOperationException("epmd (Debian package erlang-base) is missing although rabbitmq-server is installed.");
        return instance.StartBackground(
            epmdPath, ["-port", port.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"],
            environment ?? new Dictionary<string, string?> { ["ERL_EPMD_PORT"] = null, ["ERL_EPMD_ADDRESS"] = null },
            Path.Combine(instance.Directory, "epmd.log"));
    }

    private static void WriteConfiguration(string directory, Settings settings)
    {
        var port = settings.AmqpPort.ToString(CultureInfo.InvariantCulture);
        var management = settings.ManagementPort.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(directory, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{port}
            default_vhost = /
            default_user = {settings.Username}
            default_pass = {settings.Password}
            default_user_tags.administrator = true
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*
            log.console = false
            log.file.level = info
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {management}

            """);
        if (settings.Seeds.Count > 0)
        {
            // A blank node joins the first seed that answers; the retries (up to a minute) cover seeds still booting.
            File.AppendAllLines(Path.Combine(directory, "rabbitmq.conf"), [
                "cluster_formation.peer_discovery_backend = classic_config",
                .. settings.Seeds.Select((seed, i) => $"cluster_formation.classic_config.nodes.{(i + 1).ToString(CultureInfo.InvariantCulture)} = {seed}"),
                "cluster_formation.discovery_retry_limit = 240",
                "cluster_formation.discovery_retry_interval = 250",
            ]);
        }

        File.WriteAllText(Path.Combine(directory, "enabled_plugins"), "[rabbitmq_management].\n");

        // An empty env file keeps /etc/rabbitmq/rabbitmq-env.conf out.
        File.WriteAllText(Path.Combine(directory, "rabbitmq-env.conf"), string.Empty);

        var cookie = Path.Combine(directory, ".erlang.cookie");
        File.WriteAllText(cookie, settings.Cookie);
        UnixFiles.SetMode(cookie, UnixFileMode.UserRead);
    }

    private static Dictionary<string, string?> BuildEnvironment(string directory, Settings settings, string? pluginsDirectory)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("RABBITMQ_", StringComparison.Ordinal) || name.StartsWith("ERL_", StringComparison.Ordinal))
            {
                environment[name] = null;
            }
        }

        foreach (var name in s_inheritedSettingsToDrop)
        {
            environment[name] = null;
        }

        const string loopbackOnly = "-kernel inet_dist_use_interface {127,0,0,1}";
        environment["HOME"] = directory; // The Erlang cookie is $HOME/.erlang.cookie.
        environment["LANG"] = "C.UTF-8";
        environment["LC_ALL"] = "C.UTF-8";
        environment["RABBITMQ_NODENAME"] = settings.NodeName;
        environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        environment["RABBITMQ_NODE_PORT"] = settings.AmqpPort.ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_DIST_PORT"] = settings.DistributionPort.ToString(CultureInfo.InvariantCulture);
        environment["ERL_EPMD_PORT"] = settings.EpmdPort.ToString(CultureInfo.InvariantCulture);
        environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        environment["ERL_CRASH_DUMP"] = Path.Combine(directory, "erl_crash.dump");
        environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia");
        environment["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log");
        environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq.conf");
        environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(directory, "advanced.config");
        environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(directory, "rabbitmq-env.conf");
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins");
        environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = loopbackOnly + " " + NoBusyWaiting;

        // rabbitmqctl's own distribution listener: any free loopback port (the default is a fixed shared range).
        environment["RABBITMQ_CTL_ERL_ARGS"] = loopbackOnly;
        environment["RABBITMQ_CTL_DIST_PORT_MIN"] = "0";
        environment["RABBITMQ_CTL_DIST_PORT_MAX"] = "0";
        if (pluginsDirectory is not null)
        {
            environment["RABBITMQ_PLUGINS_DIR"] = pluginsDirectory;
        }

        return environment;
    }

    internal static async Task WaitForEpmdAsync(Process epmd, int port, string directory, CancellationToken deadline)
    {
        while (!await FreeTcpPort.IsListeningAsync(port, deadline))
        {
            if (epmd.HasExited)
            {
                var log = ReadTail(Path.Combine(directory, "epmd.log"));
                if (log.Contains("in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortInUseException($"epmd could not bind port {port}: {log}");
                }

                throw new InvalidOperationException($"epmd exited with code {epmd.ExitCode} before listening on {port}:\n{log}");
            }

            await PauseAsync(epmd, deadline);
        }
    }

    /// <summary>Waits a moment, or less if the process exits meanwhile.</summary>
    private static async Task PauseAsync(Process process, CancellationToken cancellationToken)
    {
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        pause.CancelAfter(TimeSpan.FromMilliseconds(100));
        try
        {
            await process.WaitForExitAsync(pause.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The pause is over.
        }
    }

    private static string ReadTail(string path, int maxChars = 6000)
    {
        try
        {
            return File.Exists(path) ? ProcessRunner.Tail(File.ReadAllText(path), maxChars) : $"({path} does not exist)";
        }
        catch (IOException e)
        {
            return $"({path}: {e.Message})";
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(
                $"The management API failed {what}: {(int)response.StatusCode} {response.ReasonPhrase} {body}");
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken deadline, CancellationToken callerToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = AmqpUri,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        };
        Exception? lastError = null;
        var amqpReady = false;
        try
        {
            while (true)
            {
                if (_server.HasExited)
                {
                    throw StartupFailure($"rabbitmq-server exited with code {_server.ExitCode} while starting.", null);
                }

                try
                {
                    if (!amqpReady && await FreeTcpPort.IsListeningAsync(Port, deadline))
                    {
                        await using var connection = await factory.CreateConnectionAsync(deadline);
                        amqpReady = connection.IsOpen;
                    }

                    if (amqpReady)
                    {
                        using var overview = await _management.GetAsync(new Uri("api/overview", UriKind.Relative), deadline);
                        if (overview.IsSuccessStatusCode)
                        {
                            return;
                        }

                        lastError = new InvalidOperationException($"GET /api/overview: {(int)overview.StatusCode}");
                    }
                }
                catch (Exception e) when (!deadline.IsCancellationRequested)
                {
                    lastError = e; // Not up yet: the listener opens late in the boot.
                }

                await PauseAsync(_server, deadline);
            }
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw StartupFailure($"The node was not ready within {s_startupTimeout.TotalSeconds:0} s.", lastError);
        }
    }

    /// <summary>Starts the broker again in place of its exited process (swapped under the lock <see cref="IsRunning"/> takes).</summary>
    private void ReplaceServer()
    {
        var exited = _server;
        var started = _instance.StartBackground(_installation.ServerScript, [], _environment, Path.Combine(DataDirectory, "server.log"));
        lock (_stopGate)
        {
            _server = started;
        }

        exited.Dispose();
    }

    /// <summary>After a (re)start: waits until the node is ready and, for a cluster member, back in the cluster.</summary>
    private async Task WaitUntilBackAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_startupTimeout);
        await WaitUntilReadyAsync(deadline.Token, cancellationToken);
        if (Cluster is { } cluster)
        {
            await cluster.WaitUntilMembersSeeEachOtherAsync(deadline.Token, cancellationToken);
        }
    }

    private void ThrowIfStopped()
    {
        lock (_stopGate)
        {
            ObjectDisposedException.ThrowIf(_stop is not null, this);
        }
    }

    private Exception StartupFailure(string message, Exception? inner)
    {
        var serverLog = ReadTail(Path.Combine(DataDirectory, "server.log"));
        var nodeLog = ReadTail(Path.Combine(DataDirectory, "log", NodeName + ".log"));
        var text = $"{message}\n--- rabbitmq-server output ---\n{serverLog}\n--- node log ---\n{nodeLog}";
        return serverLog.Contains("eaddrinuse", StringComparison.Ordinal) || nodeLog.Contains("eaddrinuse", StringComparison.Ordinal)
            ? new PortInUseException(text)
            : new InvalidOperationException(text, inner);
    }

    private async Task StopCoreAsync(bool graceful)
    {
        try
        {
            if (graceful)
            {
                await StopProcessesAsync();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
        {
            // Whatever is left is terminated by FinishAsync.
        }

        var clean = await _instance.FinishAsync();
        _management.Dispose();
        _server.Dispose();
        _epmd?.Dispose();
        if (!clean)
        {
            throw new InvalidOperationException(
                $"RabbitMQ node {NodeName} left processes or files behind in {DataDirectory}; the watchdog will retry when this process exits.");
        }
    }

    private async Task StopProcessesAsync(bool keepEpmd = false)
    {
        if (!_server.HasExited)
        {
            try
            {
                // With the management plugin on, `stop` spends 5 s in a call timeout while its statistics event
                // handler terminates late in the shutdown; removing the handler first makes the stop take ~1 s.
                await ProcessRunner.RunAsync(
                    _installation.CtlScript,
                    ["-n", NodeName, "eval", "gen_event:delete_handler(rabbit_event, rabbit_mgmt_db_handler, [])."],
                    TimeSpan.FromSeconds(30),
                    _environment,
                    DataDirectory);
                await ProcessRunner.RunAsync(
                    _installation.CtlScript, ["-n", NodeName, "stop"], TimeSpan.FromSeconds(60), _environment, DataDirectory);
            }
            catch (TimeoutException)
            {
                // Killed below.
            }
        }

        // Once `rabbitmqctl stop` has returned, every RabbitMQ application has stopped; the VM would still take about
        // a second to halt, and its state is deleted next anyway. Whatever is left (or a node that did not answer) is killed.
        ProcessRunner.KillTree(_server);
        using var reaped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _server.WaitForExitAsync(reaped.Token);
        if (keepEpmd || _epmd is null)
        {
            return;
        }

        ProcessRunner.KillTree(_epmd);
        await _epmd.WaitForExitAsync(reaped.Token);
    }

    /// <summary>What makes a node: its name, ports, administrator, Erlang cookie, and the nodes a blank one joins at boot.</summary>
    internal sealed record Settings(
        string NodeName,
        int AmqpPort,
        int DistributionPort,
        int EpmdPort,
        int ManagementPort,
        string Username,
        string Password,
        string Cookie,
        IReadOnlyList<string> Seeds);

    private sealed record ClusterNode(string Name, bool Running);

    private sealed record FeatureFlag(string Name, string State, string Stability);
}
