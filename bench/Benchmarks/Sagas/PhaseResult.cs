using Saga.Benchmarks.Measurement;
using Saga.Benchmarks.Metrics;
using Saga.Benchmarks.Statements;

namespace Saga.Benchmarks.Sagas;

/// <summary>What one phase (durable, or the baseline) measured and verified.</summary>
public sealed record PhaseResult
{
    public required string Name { get; init; }

    public required bool Durable { get; init; }

    public required int WarmupSagas { get; init; }

    public required int MeasuredSagas { get; init; }

    /// <summary>First measured start → last measured terminal event.</summary>
    public required TimeSpan Window { get; init; }

    public double SagasPerSecond => MeasuredSagas / Window.TotalSeconds;

    public required LatencySummary Latency { get; init; }

    public required TimeSpan MaxStartLateness { get; init; }

    /// <summary>Open loop: the most sagas in flight seen at a start (the backlog).</summary>
    public int MaxInFlight { get; init; }

    /// <summary>From the last start to the last terminal event: how long the system took to drain after the schedule ended.</summary>
    public TimeSpan LastStartToLastEnd { get; init; }

    /// <summary>PostgreSQL client backends open on the phase's databases when the window ended, per service (their pools' connections).</summary>
    public IReadOnlyDictionary<string, long> Backends { get; init; } = new Dictionary<string, long>();

    /// <summary>The statements run in the window, with <c>--log-statements</c>.</summary>
    public StatementCounts? Statements { get; init; }

    /// <summary>What PostgreSQL counted in the window (statements, table writes, index scans), with <c>--statement-stats</c>.</summary>
    public ServerWork? ServerWork { get; init; }

    /// <summary>CPU seconds of every process of the system measured (the benchmark driver excluded).</summary>
    public double SystemCpuSeconds => Processes.Where(x => !x.IsDriver).Sum(x => x.CpuSeconds);

    /// <summary>CPU seconds of the benchmark driver.</summary>
    public double DriverCpuSeconds => Processes.Where(x => x.IsDriver).Sum(x => x.CpuSeconds);

    /// <summary>Milliseconds of CPU per measured saga, every process of the system together.</summary>
    public double CpuMsPerSaga => SystemCpuSeconds * 1000 / Math.Max(MeasuredSagas, 1);

    public required BrokerCounters Broker { get; init; }

    public required long Commits { get; init; }

    public required double BackgroundCommitsPerSecond { get; init; }

    public required long WriteTransactions { get; init; }

    public required OutboxConfirmLag? OutboxLag { get; init; }

    public required IReadOnlyList<ProcessUsage> Processes { get; init; }

    public required MachineLoad LoadBefore { get; init; }

    public required MachineLoad LoadAfter { get; init; }

    /// <summary>Rows the run left in <c>order_sagas</c> (history excluded): none when the baseline really ran in memory.</summary>
    public required long SagaTableRows { get; init; }

    public required IReadOnlyList<CheckResult> Checks { get; init; }

    /// <summary>
    /// Per orchestrator instance, what its metrics counted in the window (race counters, retries); empty without
    /// metrics, and without the instances that could not be scraped (<see cref="UnscrapedInstances"/>).
    /// </summary>
    public IReadOnlyList<ServiceCounters> Races { get; init; } = [];

    /// <summary>Orchestrator instances whose metrics could not be read at the window's start or end.</summary>
    public IReadOnlyList<string> UnscrapedInstances { get; init; } = [];

    /// <summary>
    /// Lock waits of at least <see cref="LockWaitLog.Threshold"/> in the window, as PostgreSQL logged them, per
    /// "service relation" (e.g. "orchestrator order_sagas"): a wait for another transaction, whatever the client's speed.
    /// </summary>
    public IReadOnlyDictionary<string, long> LockWaits { get; init; } = new Dictionary<string, long>();

    /// <summary>The logged lock waits in the orchestrator's database (its saga rows, inbox rows, …).</summary>
    public long OrchestratorLockWaits => LockWaits.Where(x => x.Key.StartsWith("orchestrator ", StringComparison.Ordinal)).Sum(x => x.Value);

    /// <summary>Every instance's race counters together.</summary>
    public SagaRaceCounts RaceTotal => Races.Aggregate(SagaRaceCounts.None, (sum, x) => sum + x.Total);

    public long Retries => Races.Sum(x => x.Retries);

    public required IReadOnlyList<QueryTiming> Queries { get; init; }

    public bool Passed => Checks.All(x => x.Passed);
}
