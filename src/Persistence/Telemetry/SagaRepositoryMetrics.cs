using System.Diagnostics.Metrics;

namespace Saga.Persistence.Telemetry;

/// <summary>
/// The saga repository's instruments: how often messages for one saga met each other. Optimistic mode counts version
/// conflicts (an update or delete that found another transaction had changed the row since it was read; the endpoint's
/// retry then reloads it) and insert races (a new saga's insert that failed: as the repository assumes when it goes on
/// to load the row, because a message that got in first wrote it; the database's error is not told apart). Pessimistic mode cannot conflict; it measures how long reading and locking a saga's row took, which
/// includes the wait for another message's transaction holding it. Every measurement is tagged <c>saga.type</c>.
/// </summary>
public static class SagaRepositoryMetrics
{
    public const string SagaTypeTag = "saga.type";

    public const string VersionConflictsName = "saga.repository.version_conflicts";

    public const string InsertRacesName = "saga.repository.insert_races";

    public const string LockDurationName = "saga.repository.lock.duration";

    static readonly Counter<long> VersionConflicts = SagaDiagnostics.Meter.CreateCounter<long>(VersionConflictsName, "{conflict}",
        "Saga updates and deletes refused because another transaction changed the row since it was read (optimistic mode); each is retried");

    static readonly Counter<long> InsertRaces = SagaDiagnostics.Meter.CreateCounter<long>(InsertRacesName, "{race}",
        "Inserts of a new saga that failed, most likely because another message created it first (a database error on that insert counts too)");

    // A PostgreSQL row lock that is free takes a round trip (well under a millisecond here); a wait for another message's
    // transaction takes about that transaction's rest. The default buckets (0–10000) are meant for milliseconds.
    static readonly Histogram<double> LockDuration = SagaDiagnostics.Meter.CreateHistogram(LockDurationName, "s",
        "Time to read and lock a saga's row (pessimistic mode), including any wait for a transaction that holds it", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10] });

    public static void RecordVersionConflict(Type sagaType) => VersionConflicts.Add(1, Tag(sagaType));

    public static void RecordInsertRace(Type sagaType) => InsertRaces.Add(1, Tag(sagaType));

    public static void RecordLockDuration(Type sagaType, TimeSpan duration) => LockDuration.Record(duration.TotalSeconds, Tag(sagaType));

    static KeyValuePair<string, object?> Tag(Type sagaType) => new(SagaTypeTag, sagaType.Name);
}
