using System.Diagnostics.Metrics;

namespace Saga.Persistence.Telemetry;

/// <summary>
/// The transition history cleanup's instruments, tagged <c>saga.database</c> like the outbox's: rows each pass deleted,
/// and passes run (a pass that deleted nothing counts too, so a stalled cleanup shows).
/// </summary>
public static class TransitionHistoryMetrics
{
    static readonly Counter<long> Deleted = SagaDiagnostics.Meter.CreateCounter<long>("saga.history.cleanup.deleted", "{transition}",
        "Saga transitions deleted by the history cleanup because they were older than the retention");

    static readonly Counter<long> Passes = SagaDiagnostics.Meter.CreateCounter<long>("saga.history.cleanup.passes", "{pass}",
        "History cleanup passes run");

    public static void RecordPass(Type dbContextType, int deleted)
    {
        var tag = new KeyValuePair<string, object?>(OutboxMetrics.DatabaseTag, OutboxMetrics.DatabaseName(dbContextType));
        Passes.Add(1, tag);
        if (deleted > 0)
            Deleted.Add(deleted, tag);
    }
}
