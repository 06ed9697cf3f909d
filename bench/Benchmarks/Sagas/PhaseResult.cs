using Saga.Benchmarks.Measurement;

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

    public required IReadOnlyList<QueryTiming> Queries { get; init; }

    public bool Passed => Checks.All(x => x.Passed);
}
