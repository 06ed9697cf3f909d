namespace Saga.Benchmarks.OutboxLag;

/// <summary>What the writers of one phase did.</summary>
public sealed record LoadResult(
    IReadOnlyList<CommittedMessage> Messages,
    IReadOnlyList<TimeSpan> SaveDurations,
    long Commits,
    TimeSpan Elapsed,
    DateTime StartedAt,
    DateTime LastCommittedAt,
    int CommitTimesTakenAfterSave);
