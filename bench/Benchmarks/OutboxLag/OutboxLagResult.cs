using Saga.Benchmarks.Measurement;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>Everything one outbox-lag run measured, and under what conditions.</summary>
public sealed record OutboxLagResult
{
    public required OutboxLagOptions Options { get; init; }

    public required DatabaseDescription Database { get; init; }

    public required string BrokerVersion { get; init; }

    public required bool PrivateServers { get; init; }

    public required TimeSpan ClockStep { get; init; }

    public required LoadResult Load { get; init; }

    /// <summary>Commit → broker confirm (<c>delivered_at</c>), per measured message.</summary>
    public required LatencySummary Lag { get; init; }

    /// <summary><c>sent_time</c> (written, inside the transaction) → confirm: the lag plus the rest of the transaction.</summary>
    public required LatencySummary WrittenToConfirm { get; init; }

    /// <summary>SaveChanges (with BeginTransaction/Commit when explicit) per unit of work, as the writer saw it.</summary>
    public required LatencySummary Save { get; init; }

    /// <summary>Measured messages with no <c>delivered_at</c> when the drain timed out.</summary>
    public required int Undelivered { get; init; }

    /// <summary>
    /// Measured messages whose confirm is stamped before their commit: the commit became visible, and delivery sent the
    /// message, while the writer's thread waited to run the stamp (or the clock was set back).
    /// </summary>
    public required int NegativeLags { get; init; }

    /// <summary>From the first writer starting to the last confirm of a measured message.</summary>
    public required TimeSpan FirstWriteToLastConfirm { get; init; }

    /// <summary>From the last commit to the last confirm: how long delivery needed to catch up.</summary>
    public required TimeSpan Drain { get; init; }

    public required BacklogSummary Backlog { get; init; }

    public required OutboxTableCounts Tables { get; init; }

    /// <summary>Messages in the bound queue, warm-up included; every confirmed message was routed there.</summary>
    public required uint QueuedMessages { get; init; }

    public required long WarmupMessagesSent { get; init; }

    /// <summary>The machine before the measured part started and after its last confirm.</summary>
    public required MachineLoad LoadBefore { get; init; }

    public required MachineLoad LoadAfter { get; init; }

    public double CommitsPerSecond => Load.Commits / Load.Elapsed.TotalSeconds;

    public double MessagesPerSecondCommitted => Load.Messages.Count / Load.Elapsed.TotalSeconds;

    public double MessagesPerSecondDelivered => (Load.Messages.Count - Undelivered) / FirstWriteToLastConfirm.TotalSeconds;
}
