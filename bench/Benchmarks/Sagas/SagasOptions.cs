using System.Globalization;
using Saga.Benchmarks.Metrics;
using Saga.Persistence.Sagas;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Sagas;

/// <summary>What one <c>sagas</c> run does: the load, how long, and which phases.</summary>
public sealed record SagasOptions
{
    public const string Usage =
        """
        sagas: whole order sagas through the real orchestrator and participants (child processes, RabbitMQ, PostgreSQL).

          --in-flight N          closed loop: keep N sagas in flight, start one when one ends (default 50); or
          --rate R               open loop: start R sagas per second on a fixed schedule, whatever completes
          --sagas COUNT          sagas to measure (default 1000); or
          --duration SECONDS     start sagas for this long instead of a fixed number
          --warmup N             sagas run to their end first, not measured (default 1000: the JIT is still busy for the first thousand or so)
          --no-baseline          skip the baseline (in-memory saga repository, no outbox/inbox); --baseline (default) runs it
          --history N            pre-fill the orchestrator's tables with N finished sagas before the run (default 0)
          --orchestrators N      orchestrator processes on the same database and queue (default 1)
          --participant-processes N  participants processes on the same databases and queues (default 1)
          --cluster N            a private RabbitMQ cluster of N nodes instead of one node; the services get every node
                                 (Saga:Transport:RabbitMq:ClusterNodes), the driver connects to the first
          --saga-concurrency optimistic|pessimistic
                                 the orchestrator's Orchestrator:ConcurrencyMode (default: its own, optimistic)
          --no-metrics           do not serve and scrape the services' Prometheus metrics (by default each service serves them
                                 on a loopback port of its own, and the saga repository's race counters and MassTransit's
                                 retries are read per orchestrator at the window's start and end)
          --drain-timeout SECONDS  how long the last sagas may take to end (default 120)
          --no-durable           skip the durable phase (with --baseline: the baseline alone)
          --fsync                run PostgreSQL as production does: fsync, synchronous_commit, full_page_writes on (default: all off)
          --log-statements       log every statement PostgreSQL runs and print, per phase, the statement kinds per measured saga
                                 (BEGIN/COMMIT, SAVEPOINT, connection resets, INSERT/UPDATE/DELETE/SELECT per table)
          --statement-stats      load pg_stat_statements and print, per phase and service database, the top statements by execution
                                 time per measured saga (calls, ms, rows, blocks dirtied/written, WAL bytes), each table's inserts,
                                 updates (HOT among them) and deletes per saga, and each index's scans in the window
          --prefetch N           the services' Saga:Transport:RabbitMq:PrefetchCount (default: theirs, 32)
          --concurrency N        the services' Saga:Transport:RabbitMq:ConcurrentMessageLimit (default: theirs, 8)
          --max-pool-size N      Npgsql's Maximum Pool Size on the services' connection strings (default: Npgsql's, 100)
          --perf-map             start the services with DOTNET_PerfMapEnabled=1, so that `perf record -g -p PID` names JIT frames
                                 (the services' PIDs are printed when the measurement starts, for perf or `dotnet-trace collect -p PID`)
          --verbose              print the operator queries' plans and the services' output on failure
        """;

    public int InFlight { get; init; } = 50;

    /// <summary>New sagas per second in the open loop; null for the closed loop.</summary>
    public double? Rate { get; init; }

    /// <summary>Sagas to measure; null when the run is bounded by <see cref="Duration"/>.</summary>
    public int? Sagas { get; init; } = 1000;

    public TimeSpan? Duration { get; init; }

    public int Warmup { get; init; } = 1000;

    public bool Baseline { get; init; } = true;

    public int History { get; init; }

    public int Orchestrators { get; init; } = 1;

    public int ParticipantProcesses { get; init; } = 1;

    /// <summary>RabbitMQ cluster nodes; 0 for a single node.</summary>
    public int ClusterNodes { get; init; }

    /// <summary>The orchestrator's saga concurrency mode; null keeps its default.</summary>
    public SagaConcurrencyMode? SagaConcurrency { get; init; }

    /// <summary>Serve and scrape the services' Prometheus metrics (the saga repository's race counters, the retries).</summary>
    public bool Metrics { get; init; } = true;

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public bool Verbose { get; init; }

    public bool Durable { get; init; } = true;

    public bool Fsync { get; init; }

    public bool LogStatements { get; init; }

    public bool StatementStats { get; init; }

    public int? Prefetch { get; init; }

    public int? Concurrency { get; init; }

    public int? MaxPoolSize { get; init; }

    public bool PerfMap { get; init; }

    /// <summary>The cluster these options ask for.</summary>
    public PostgreSqlClusterOptions Cluster => new() { Durable = Fsync, LogStatements = LogStatements, StatementStatistics = StatementStats };

    /// <summary>What the services are started with on top of their usual configuration.</summary>
    public ServiceOverrides Services
    {
        get
        {
            var settings = new Dictionary<string, string?>();
            if (Metrics)
            {
                foreach (var (key, value) in ServiceScrape.Settings)
                    settings[key] = value;
            }

            if (SagaConcurrency is { } mode)
                settings["Orchestrator:ConcurrencyMode"] = mode.ToString();
            if (Prefetch is { } prefetch)
                settings["Saga:Transport:RabbitMq:PrefetchCount"] = prefetch.ToString(CultureInfo.InvariantCulture);
            if (Concurrency is { } concurrency)
                settings["Saga:Transport:RabbitMq:ConcurrentMessageLimit"] = concurrency.ToString(CultureInfo.InvariantCulture);
            var environment = new Dictionary<string, string>();
            if (PerfMap)
                environment["DOTNET_PerfMapEnabled"] = "1";
            return new ServiceOverrides { Settings = settings, Environment = environment, MaxPoolSize = MaxPoolSize };
        }
    }

    /// <summary>The service settings that differ from their defaults, for the report; empty when none do.</summary>
    public string Tuning => string.Join(", ", new[]
    {
        SagaConcurrency is { } s ? $"saga concurrency {s.ToString().ToLowerInvariant()}" : null,
        Prefetch is { } p ? $"prefetch {p}" : null,
        Concurrency is { } c ? $"concurrent message limit {c}" : null,
        MaxPoolSize is { } m ? $"max pool size {m}" : null,
        PerfMap ? "DOTNET_PerfMapEnabled=1" : null,
    }.OfType<string>());

    public string Mode => Rate is { } rate ? $"open loop, {rate:0.##} sagas/s" : $"closed loop, {InFlight} in flight";

    public static SagasOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SagasOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");

            options = name switch
            {
                "--in-flight" => options with { InFlight = Whole(name, Value(), 1), Rate = null },
                "--rate" => options with { Rate = PositiveNumber(name, Value()) },
                "--sagas" => options with { Sagas = Whole(name, Value(), 1), Duration = null },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Whole(name, Value(), 1)), Sagas = null },
                "--warmup" => options with { Warmup = Whole(name, Value(), 0) },
                "--baseline" => options with { Baseline = true },
                "--no-baseline" => options with { Baseline = false },
                "--history" => options with { History = Whole(name, Value(), 0) },
                "--orchestrators" => options with { Orchestrators = Whole(name, Value(), 1) },
                "--participant-processes" => options with { ParticipantProcesses = Whole(name, Value(), 1) },
                "--cluster" => options with { ClusterNodes = Whole(name, Value(), 1) },
                "--saga-concurrency" => options with { SagaConcurrency = ConcurrencyMode(name, Value()) },
                "--no-metrics" => options with { Metrics = false },
                "--drain-timeout" => options with { DrainTimeout = TimeSpan.FromSeconds(Whole(name, Value(), 1)) },
                "--verbose" => options with { Verbose = true },
                "--no-durable" => options with { Durable = false },
                "--fsync" => options with { Fsync = true },
                "--log-statements" => options with { LogStatements = true },
                "--statement-stats" => options with { StatementStats = true },
                "--prefetch" => options with { Prefetch = Whole(name, Value(), 1) },
                "--concurrency" => options with { Concurrency = Whole(name, Value(), 1) },
                "--max-pool-size" => options with { MaxPoolSize = Whole(name, Value(), 1) },
                "--perf-map" => options with { PerfMap = true },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        if (!options.Durable && !options.Baseline)
            throw new ArgumentException("--no-durable and --no-baseline leave nothing to run");
        return options;
    }

    internal static int Whole(string name, string value, int least) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= least
            ? number
            : throw new ArgumentException($"{name} must be a whole number of at least {least}, not '{value}'");

    internal static SagaConcurrencyMode ConcurrencyMode(string name, string value) =>
        Enum.TryParse<SagaConcurrencyMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _)
            ? mode
            : throw new ArgumentException($"{name} must be optimistic or pessimistic, not '{value}'");

    static double PositiveNumber(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && double.IsFinite(number)
            ? number
            : throw new ArgumentException($"{name} must be a number above zero, not '{value}'");
}
