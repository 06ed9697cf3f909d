namespace Saga.Benchmarks.Metrics;

/// <summary>
/// What one service instance's scrape said: the saga repository's race counters per saga type, and MassTransit's consume
/// retries (every consumer and saga of the process together). Cumulative since the process started; subtract two.
/// </summary>
public sealed record ServiceCounters(string Instance, IReadOnlyDictionary<string, SagaRaceCounts> BySagaType, long Retries)
{
    const string SagaTypeLabel = "saga_type";

    public SagaRaceCounts Total => BySagaType.Values.Aggregate(SagaRaceCounts.None, (a, b) => a + b);

    public static ServiceCounters From(string instance, IReadOnlyList<PrometheusSample> samples)
    {
        var types = samples.Where(x => x.Name.StartsWith("saga_repository_", StringComparison.Ordinal))
            .Select(x => x.Label(SagaTypeLabel)).OfType<string>().Distinct(StringComparer.Ordinal);
        var bySagaType = types.ToDictionary(type => type, type =>
        {
            var ofType = samples.Where(x => x.Label(SagaTypeLabel) == type).ToList();
            var lockedReads = Sum(ofType, "saga_repository_lock_duration", "_count");
            var fast = ofType.Where(x => x.Name.StartsWith("saga_repository_lock_duration", StringComparison.Ordinal) && x.Name.EndsWith("_bucket", StringComparison.Ordinal)
                                         && double.TryParse(x.Label("le"), System.Globalization.CultureInfo.InvariantCulture, out var le) && Math.Abs(le - SagaRaceCounts.SlowLock) < 1e-9)
                .Sum(x => x.Value);
            return new SagaRaceCounts(
                (long)Sum(ofType, "saga_repository_version_conflicts", ""),
                (long)Sum(ofType, "saga_repository_insert_races", ""),
                (long)lockedReads,
                Sum(ofType, "saga_repository_lock_duration", "_sum"),
                (long)(lockedReads - fast));
        }, StringComparer.Ordinal);
        var retries = (long)Sum(samples, "messaging_masstransit_consume_retries", "");
        return new ServiceCounters(instance, bySagaType, retries);
    }

    public static ServiceCounters operator -(ServiceCounters after, ServiceCounters before) =>
        new(after.Instance, after.BySagaType.ToDictionary(x => x.Key, x => x.Value - before.BySagaType.GetValueOrDefault(x.Key, SagaRaceCounts.None),
            StringComparer.Ordinal), after.Retries - before.Retries);

    /// <summary>
    /// The series named <paramref name="prefix"/> (OpenTelemetry's exporter may append a unit and <c>_total</c>) ending in
    /// <paramref name="suffix"/>; for an empty suffix, counters only (not a histogram's parts).
    /// </summary>
    static double Sum(IEnumerable<PrometheusSample> samples, string prefix, string suffix) =>
        samples.Where(x => x.Name.StartsWith(prefix, StringComparison.Ordinal) && (suffix.Length > 0
                ? x.Name.EndsWith(suffix, StringComparison.Ordinal)
                : !x.Name.EndsWith("_bucket", StringComparison.Ordinal) && !x.Name.EndsWith("_sum", StringComparison.Ordinal) && !x.Name.EndsWith("_count", StringComparison.Ordinal)))
            .Sum(x => x.Value);
}
