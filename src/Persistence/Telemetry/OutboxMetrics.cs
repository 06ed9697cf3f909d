using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Saga.Persistence.Telemetry;

/// <summary>
/// The outbox's instruments: how long a message waited between its row being written and the broker's confirm, and how
/// many messages wait. Both are tagged <c>saga.database</c> with the outbox's context ("OrderSaga", "Payment", …).
/// </summary>
public static class OutboxMetrics
{
    public const string DatabaseTag = "saga.database";

    static readonly ConcurrentDictionary<object, Func<Measurement<long>>> BacklogSources = new();

    static readonly Histogram<double> Lag = SagaDiagnostics.Meter.CreateHistogram<double>("saga.outbox.delivery.lag", "s",
        "Time from an outbox row being written (for a scheduled message: its due time) to the broker's confirm");

    // Observed on collection only; each outbox contributes the count its delivery loop last measured.
    static readonly ObservableGauge<long> Backlog = SagaDiagnostics.Meter.CreateObservableGauge("saga.outbox.backlog",
        () => BacklogSources.Values.Select(source => source()), "{message}", "Outbox messages not yet delivered, as last counted by the delivery loop");

    /// <summary>Whether anyone listens to the backlog; without a listener the delivery loop does not count.</summary>
    public static bool BacklogObserved => Backlog.Enabled;

    public static void RecordLag(string database, TimeSpan lag) =>
        Lag.Record(Math.Max(lag.TotalSeconds, 0), new KeyValuePair<string, object?>(DatabaseTag, database));

    /// <summary>Adds an outbox to the backlog gauge until the returned handle is disposed.</summary>
    public static IDisposable AddBacklogSource(string database, Func<long> count)
    {
        var key = new object();
        BacklogSources[key] = () => new Measurement<long>(count(), new KeyValuePair<string, object?>(DatabaseTag, database));
        return new Removal(key);
    }

    /// <summary>"OrderSagaDbContext" → "OrderSaga": the tag value for a context.</summary>
    public static string DatabaseName(Type dbContextType) =>
        dbContextType.Name.EndsWith("DbContext", StringComparison.Ordinal) ? dbContextType.Name[..^"DbContext".Length] : dbContextType.Name;

    sealed class Removal(object key) : IDisposable
    {
        public void Dispose() => BacklogSources.TryRemove(key, out _);
    }
}
