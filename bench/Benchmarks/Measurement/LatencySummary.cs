namespace Saga.Benchmarks.Measurement;

/// <summary>
/// Percentiles of a set of durations, in milliseconds, by the nearest-rank method: p99 of 5000 samples is the 4950th
/// smallest, a value that was actually observed.
/// </summary>
public sealed record LatencySummary(int Count, double MinMs, double P50Ms, double P90Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Select(x => x.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

        return new LatencySummary(sorted.Length, sorted[0], Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 95),
            Percentile(sorted, 99), sorted[^1], sorted.Average());
    }

    static double Percentile(double[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
