using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Npgsql;

namespace Saga.TestInfrastructure;

/// <summary>
/// A private PostgreSQL cluster for tests, made with the machine's <c>/usr/lib/postgresql/&lt;newest&gt;/bin</c>
/// (installed with apt-get when missing and running as root) in a fresh temporary directory: a random superuser and
/// password (scram-sha-256 over TCP), listening only on 127.0.0.1 at a free port, tuned for speed over durability
/// unless <see cref="PostgreSqlClusterOptions.Durable"/> asks otherwise. When run as root, the cluster runs as the <c>postgres</c> OS user (initdb refuses root).
/// </summary>
public sealed class PostgreSqlTestCluster : IAsyncDisposable
{
    internal const string Kind = "postgresql";
    private const string ServerUser = "postgres";

    private static readonly TimeSpan s_startupTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// What precedes each line of the server log when statements are logged: time with milliseconds, process id, database,
    /// e.g. <c>2026-12-06 15:00:00.123 UTC [4711] saga_orders LOG:  statement: BEGIN</c>.
    /// </summary>
    public const string StatementLogLinePrefix = "%m [%p] %d ";

    private readonly ServerInstance _instance;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly HashSet<string> _createdDatabases = new(StringComparer.Ordinal);
    private readonly Lock _stopGate = new();
    private Task? _stop;

    private PostgreSqlTestCluster(
        ServerInstance instance,
        string binDirectory,
        int port,
        string username,
        string password,
        IReadOnlyDictionary<string, string?> environment,
        PostgreSqlClusterOptions options)
    {
        _instance = instance;
        Options = options;
        BinDirectory = binDirectory;
        Port = port;
        Username = username;
        Password = password;
        _environment = environment;
    }

    /// <summary>Always 127.0.0.1: the server listens on loopback only.</summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Connection settings belong to the cluster.")]
    public string Host => "127.0.0.1";

    /// <summary>The TCP port (a free port chosen at start; never 5432 unless it happened to be free and chosen).</summary>
    public int Port { get; }

    /// <summary>The superuser this cluster was created with (random; not <c>postgres</c>).</summary>
    public string Username { get; }

    /// <summary>The superuser's random password.</summary>
    public string Password { get; }

    /// <summary>The PostgreSQL binaries used, e.g. <c>/usr/lib/postgresql/15/bin</c>.</summary>
    public string BinDirectory { get; }

    /// <summary>The directory holding everything of this cluster (data directory, socket, log); deleted on dispose.</summary>
    public string RootDirectory => _instance.Directory;

    /// <summary>The cluster's data directory (PGDATA).</summary>
    public string DataDirectory => Path.Combine(_instance.Directory, "pg", "data");

    /// <summary>The directory of the server's unix socket (trust authentication for local connections).</summary>
    public string SocketDirectory => Path.Combine(_instance.Directory, "pg", "socket");

    /// <summary>How the cluster was configured when it was made.</summary>
    public PostgreSqlClusterOptions Options { get; }

    /// <summary>The server's log (stderr of the postmaster and its processes); statements too with <see cref="PostgreSqlClusterOptions.LogStatements"/>.</summary>
    public string LogFile => Path.Combine(_instance.Directory, "pg", "postgres.log");

    /// <summary>How long <see cref="StartAsync"/> took, initdb included.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this cluster, as the superuser, with error details.</summary>
    public string ConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = Username,
            Password = Password,
            Database = database,
            IncludeErrorDetail = true,
        }.ConnectionString;
    }

    /// <summary>Initialises and starts a fresh cluster, and returns once it accepts connections.</summary>
    public static Task<PostgreSqlTestCluster> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(PostgreSqlClusterOptions.Default, cancellationToken);

    /// <summary>Initialises and starts a fresh cluster configured as <paramref name="options"/> say, and returns once it accepts connections.</summary>
    public static async Task<PostgreSqlTestCluster> StartAsync(PostgreSqlClusterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var binDirectory = FindBinDirectory();
        if (binDirectory is null)
        {
            await SystemPackages.InstallAsync("postgresql", "the PostgreSQL server (initdb, pg_ctl)", cancellationToken);
            binDirectory = FindBinDirectory()
                ?? throw new InvalidOperationException("The Debian package 'postgresql' was installed, but no /usr/lib/postgresql/*/bin/initdb is there.");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var cluster = await StartOnceAsync(binDirectory, options, cancellationToken);
                cluster.StartupTime = stopwatch.Elapsed;
                return cluster;
            }
            catch (PortInUseException) when (attempt < 3)
            {
                // The chosen port was taken between choosing and binding: choose again.
            }
        }
    }

    /// <summary>The newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> that has initdb, pg_ctl and postgres, or null.</summary>
    public static string? FindBinDirectory() => FindBinDirectory("/usr/lib/postgresql");

    /// <summary>The newest <c>&lt;root&gt;/&lt;version&gt;/bin</c> that has initdb, pg_ctl and postgres, or null.</summary>
    internal static string? FindBinDirectory(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(directory => (Directory: directory, Version: Version.TryParse(Path.GetFileName(directory), out var version)
                ? version
                : int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                    ? new Version(major, 0)
                    : null))
            .Where(candidate => candidate.Version is not null)
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => Path.Combine(candidate.Directory, "bin"))
            .FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb"))
                && File.Exists(Path.Combine(bin, "pg_ctl"))
                && File.Exists(Path.Combine(bin, "postgres")));
    }

    /// <summary>Creates a database (a fresh random name unless <paramref name="name"/> is given) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "saga_test_" + ServerDirectory.RandomToken(10);
        ValidateDatabaseName(name);
        await ExecuteAdminAsync($"CREATE DATABASE {QuoteIdentifier(name)}", cancellationToken);
        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return ConnectionString(name);
    }

    /// <summary>Drops a database, closing any connections to it (including pooled ones of this process).</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateDatabaseName(name);
        using (var pooled = new NpgsqlConnection(ConnectionString(name)))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", cancellationToken);
        lock (_createdDatabases)
        {
            _createdDatabases.Remove(name);
        }
    }

    /// <summary>
    /// Makes every commit wait for its WAL write (<c>synchronous_commit = on</c>, as a production server has it), for the
    /// whole cluster and across restarts. The cluster starts with it off, which is faster and loses nothing in a clean
    /// stop, but an immediate restart (a crash) then loses the last commits the server had already acknowledged.
    /// </summary>
    public async Task UseSynchronousCommitAsync(CancellationToken cancellationToken = default)
    {
        await ExecuteAdminAsync("ALTER SYSTEM SET synchronous_commit = on", cancellationToken);
        await ExecuteAdminAsync("SELECT pg_reload_conf()", cancellationToken);
    }

    /// <summary>
    /// Restarts the server on the same data directory and port (<c>pg_ctl restart</c>): in <c>fast</c> mode every session
    /// is ended and the server shuts down cleanly; in <c>immediate</c> mode every server process is killed on the spot, as
    /// in a crash, and the next start replays the WAL (see <see cref="UseSynchronousCommitAsync"/> for what survives).
    /// Returns once it accepts connections again.
    /// </summary>
    public async Task RestartAsync(bool immediate, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_startupTimeout);
        await RunAsServerUserAsync(
            Environment.IsPrivilegedProcess,
            Path.Combine(BinDirectory, "pg_ctl"),
            [
                "restart", "--pgdata", DataDirectory, "--mode", immediate ? "immediate" : "fast",
                "--log", Path.Combine(RootDirectory, "pg", "postgres.log"), "--wait", "--timeout", "60", "--silent",
            ],
            _environment,
            deadline.Token);
        await WaitUntilAcceptingConnectionsAsync(deadline.Token, cancellationToken);
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>, then killing whatever is left) and deletes its directory. Idempotent.</summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            return _stop ??= StopCoreAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<PostgreSqlTestCluster> StartOnceAsync(string binDirectory, PostgreSqlClusterOptions options,
        CancellationToken cancellationToken)
    {
        var instance = await ServerInstance.CreateAsync(Kind);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(s_startupTimeout);
            var asServerUser = Environment.IsPrivilegedProcess;
            var clusterRoot = Path.Combine(instance.Directory, "pg");
            var dataDirectory = Path.Combine(clusterRoot, "data");
            var socketDirectory = Path.Combine(clusterRoot, "socket");
            var passwordFile = Path.Combine(clusterRoot, "password");
            var logFile = Path.Combine(clusterRoot, "postgres.log");
            UnixFiles.CreateDirectory(clusterRoot, UnixFiles.OwnerOnly);
            UnixFiles.CreateDirectory(socketDirectory, UnixFiles.OwnerOnly);

            var username = "saga_admin_" + ServerDirectory.RandomToken(6);
            var password = ServerDirectory.RandomToken(32);
            await File.WriteAllTextAsync(passwordFile, password + "\n", deadline.Token);
            UnixFiles.SetMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (asServerUser)
            {
                await ProcessRunner.RunCheckedAsync(
                    "chown", ["-R", $"{ServerUser}:", clusterRoot], s_commandTimeout, cancellationToken: deadline.Token);
            }

            var environment = BuildEnvironment(instance);
            await RunAsServerUserAsync(
                asServerUser,
                Path.Combine(binDirectory, "initdb"),
                [
                    "--pgdata", dataDirectory,
                    "--username", username,
                    "--pwfile", passwordFile,
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
                environment,
                deadline.Token);
            File.Delete(passwordFile);

            var port = FreeTcpPort.Find();
            await File.AppendAllTextAsync(
                Path.Combine(dataDirectory, "postgresql.conf"),
                $"""

                # Saga test cluster: private, loopback only.
                listen_addresses = '127.0.0.1'
                port = {port.ToString(CultureInfo.InvariantCulture)}
                unix_socket_directories = '{socketDirectory}'
                max_connections = 500
                max_wal_senders = 0
                logging_collector = off
                {DurabilitySettings(options.Durable)}
                {StatementLogSettings(options.LogStatements)}
                {StatementStatisticsSettings(options.StatementStatistics)}

                """,
                deadline.Token);

            var cluster = new PostgreSqlTestCluster(instance, binDirectory, port, username, password, environment, options);
            try
            {
                await RunAsServerUserAsync(
                    asServerUser,
                    Path.Combine(binDirectory, "pg_ctl"),
                    ["start", "--pgdata", dataDirectory, "--log", logFile, "--wait", "--timeout", "60", "--silent"],
                    environment,
                    deadline.Token);
            }
            catch (ProcessFailedException e)
            {
                var log = ReadTail(logFile);
                var message = $"pg_ctl start failed.\n--- server log ---\n{log}";
                throw log.Contains("could not bind", StringComparison.Ordinal) || log.Contains("Address already in use", StringComparison.Ordinal)
                    ? new PortInUseException(message, e)
                    : new InvalidOperationException(message, e);
            }

            await cluster.WaitUntilAcceptingConnectionsAsync(deadline.Token, cancellationToken);
            if (options.StatementStatistics)
            {
                await cluster.ExecuteAdminAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", deadline.Token);
            }

            return cluster;
        }
        catch
        {
            await instance.FinishAsync();
            throw;
        }
    }

    // Written before the first start, so settings that need a restart (wal_level) take effect with the rest.
    private static string DurabilitySettings(bool durable) => durable
        ? """
          # As production runs it (PostgreSQL's defaults): every commit waits for its WAL to reach the disk.
          fsync = on
          synchronous_commit = on
          full_page_writes = on
          wal_level = replica
          """
        : """
          # Fast rather than durable: an OS crash may corrupt the cluster; a server crash loses the last acknowledged commits.
          fsync = off
          synchronous_commit = off
          full_page_writes = off
          wal_level = minimal
          """;

    private static string StatementLogSettings(bool logStatements) => logStatements
        ? $"""
          log_statement = 'all'
          log_line_prefix = '{StatementLogLinePrefix}'
          """
        : "";

    // A restart-only setting, hence written before the first start; contrib ships with Debian's postgresql-<major>.
    private static string StatementStatisticsSettings(bool statementStatistics) => statementStatistics
        ? """
          shared_preload_libraries = 'pg_stat_statements'
          pg_stat_statements.max = 5000
          pg_stat_statements.track = top
          track_io_timing = on
          """
        : "";

    private static Dictionary<string, string?> BuildEnvironment(ServerInstance instance)
    {
        // libpq/PostgreSQL variables of the developer's shell (PGDATA, PGPORT, PGHOST…) must not redirect anything.
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("PG", StringComparison.Ordinal))
            {
                environment[name] = null;
            }
        }

        environment["LANG"] = "C.UTF-8";
        environment["LC_ALL"] = "C.UTF-8";
        foreach (var (name, value) in instance.MarkerEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static async Task<ProcessResult> RunAsServerUserAsync(
        bool asServerUser,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken)
    {
        if (!asServerUser)
        {
            return await ProcessRunner.RunCheckedAsync(fileName, arguments, s_commandTimeout, environment, cancellationToken: cancellationToken);
        }

        // runuser (util-linux) keeps the environment, marker included; su is the fallback where it is missing.
        if (SystemPackages.FindCommand("runuser") is { } runuser)
        {
            return await ProcessRunner.RunCheckedAsync(
                runuser, ["-u", ServerUser, "--", fileName, .. arguments], s_commandTimeout, environment, "/", cancellationToken);
        }

        return await ProcessRunner.RunCheckedAsync(
            "su",
            ["-s", "/bin/sh", "-c", "exec \"$0\" \"$@\"", ServerUser, "--", fileName, .. arguments],
            s_commandTimeout,
            environment,
            "/",
            cancellationToken);
    }

    private static void ValidateDatabaseName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 63 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid PostgreSQL database name (at most 63 characters, no NUL).", nameof(name));
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string ReadTail(string path)
    {
        try
        {
            return File.Exists(path) ? ProcessRunner.Tail(File.ReadAllText(path)) : $"({path} does not exist)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"({path}: {e.Message})";
        }
    }

    private string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false, Timeout = 10 }.ConnectionString;

    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WaitUntilAcceptingConnectionsAsync(CancellationToken deadline, CancellationToken callerToken)
    {
        Exception? lastError = null;
        try
        {
            while (true)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(AdminConnectionString());
                    await connection.OpenAsync(deadline);
                    await using var command = new NpgsqlCommand("SELECT 1", connection);
                    await command.ExecuteScalarAsync(deadline);
                    return;
                }
                catch (Exception e) when (e is NpgsqlException or IOException && !deadline.IsCancellationRequested)
                {
                    lastError = e;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline);
            }
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"PostgreSQL did not accept connections within {s_startupTimeout.TotalSeconds:0} s.\n--- server log ---\n"
                + ReadTail(Path.Combine(RootDirectory, "pg", "postgres.log")),
                lastError);
        }
    }

    private async Task StopCoreAsync()
    {
        string[] databases;
        lock (_createdDatabases)
        {
            databases = [.. _createdDatabases, "postgres"];
        }

        foreach (var database in databases)
        {
            using var pooled = new NpgsqlConnection(ConnectionString(database));
            NpgsqlConnection.ClearPool(pooled);
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunAsServerUserAsync(
                    Environment.IsPrivilegedProcess,
                    Path.Combine(BinDirectory, "pg_ctl"),
                    ["stop", "--pgdata", DataDirectory, "--mode", "fast", "--wait", "--timeout", "30", "--silent"],
                    _environment,
                    CancellationToken.None);
            }
        }
        catch (Exception e) when (e is ProcessFailedException or TimeoutException or InvalidOperationException)
        {
            // Whatever is left is killed below.
        }

        if (!await _instance.FinishAsync())
        {
            throw new InvalidOperationException(
                $"PostgreSQL in {RootDirectory} left processes or files behind; the watchdog will retry when this process exits.");
        }
    }
}
