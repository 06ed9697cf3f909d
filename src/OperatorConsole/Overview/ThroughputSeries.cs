namespace Saga.OperatorConsole.Overview;

/// <summary>
/// Completions and compensations per minute over the chart's span, one entry for every minute (minutes without any
/// count as zero, so the chart's time axis is even), oldest first; the last minute is the one in progress.
/// </summary>
public sealed record ThroughputSeries(DateTime From, int Hours, IReadOnlyList<ThroughputMinute> Minutes)
{
    public long TotalCompletions => Minutes.Sum(m => m.Completions);

    public long TotalCompensations => Minutes.Sum(m => m.Compensations);

    public long Peak => Minutes.Count == 0 ? 0 : Minutes.Max(m => Math.Max(m.Completions, m.Compensations));

    /// <summary>
    /// The series over the <paramref name="hours"/> up to <paramref name="now"/> from the per-minute counts the database
    /// returned (minutes outside the span are left out; a minute given twice is added up).
    /// </summary>
    public static ThroughputSeries Of(IEnumerable<(DateTime Minute, long Count)> completions, IEnumerable<(DateTime Minute, long Count)> compensations,
        DateTime now, int hours)
    {
        var last = Truncate(now);
        var first = last.AddMinutes(-(hours * 60) + 1);
        var completed = Sum(completions);
        var compensated = Sum(compensations);
        var minutes = new List<ThroughputMinute>(hours * 60);
        for (var minute = first; minute <= last; minute = minute.AddMinutes(1))
            minutes.Add(new ThroughputMinute(minute, completed.GetValueOrDefault(minute), compensated.GetValueOrDefault(minute)));
        return new ThroughputSeries(first, hours, minutes);
    }

    /// <summary>Totals per <paramref name="minutes"/>-minute bucket, for the chart's text alternative.</summary>
    public IReadOnlyList<ThroughputMinute> Buckets(int minutes) =>
    [
        .. Minutes.Select((m, i) => (Bucket: i / minutes, Minute: m))
            .GroupBy(x => x.Bucket)
            .Select(g => new ThroughputMinute(g.First().Minute.Minute, g.Sum(x => x.Minute.Completions), g.Sum(x => x.Minute.Compensations))),
    ];

    static Dictionary<DateTime, long> Sum(IEnumerable<(DateTime Minute, long Count)> counts)
    {
        var sums = new Dictionary<DateTime, long>();
        foreach (var (minute, count) in counts)
            sums[Truncate(minute)] = sums.GetValueOrDefault(Truncate(minute)) + count;
        return sums;
    }

    static DateTime Truncate(DateTime time) =>
        new(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, DateTimeKind.Utc);
}
