namespace Saga.Benchmarks.Metrics;

/// <summary>
/// One saga type's race counters as a service reported them (<c>saga.repository.*</c>): version conflicts and insert races
/// (optimistic mode), and the locked reads with their total time and how many took over <see cref="SlowLock"/>
/// (pessimistic mode: those waited for another transaction, or the database was that slow).
/// </summary>
public sealed record SagaRaceCounts(long VersionConflicts, long InsertRaces, long LockedReads, double LockSeconds, long SlowLockedReads)
{
    /// <summary>The bucket bound above which a locked read counts as slow: 10 ms, far above a free lock's round trip here.</summary>
    public const double SlowLock = 0.01;

    public static SagaRaceCounts None { get; } = new(0, 0, 0, 0, 0);

    public long Conflicts => VersionConflicts + InsertRaces;

    public static SagaRaceCounts operator -(SagaRaceCounts after, SagaRaceCounts before) =>
        new(after.VersionConflicts - before.VersionConflicts, after.InsertRaces - before.InsertRaces, after.LockedReads - before.LockedReads,
            after.LockSeconds - before.LockSeconds, after.SlowLockedReads - before.SlowLockedReads);

    public static SagaRaceCounts operator +(SagaRaceCounts a, SagaRaceCounts b) =>
        new(a.VersionConflicts + b.VersionConflicts, a.InsertRaces + b.InsertRaces, a.LockedReads + b.LockedReads,
            a.LockSeconds + b.LockSeconds, a.SlowLockedReads + b.SlowLockedReads);
}
