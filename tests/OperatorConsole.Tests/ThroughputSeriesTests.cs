using Saga.OperatorConsole.Overview;

namespace Saga.OperatorConsole.Tests;

public sealed class ThroughputSeriesTests
{
    static readonly DateTime Now = new(2026, 12, 7, 10, 30, 42, DateTimeKind.Utc);

    [Test]
    public void Every_minute_of_the_span_is_there_oldest_first_and_empty_minutes_count_zero()
    {
        var series = ThroughputSeries.Of([(Now.AddMinutes(-2), 3)], [], Now, hours: 1);

        Assert.Multiple(() =>
        {
            Assert.That(series.Minutes, Has.Count.EqualTo(60));
            Assert.That(series.Minutes[0].Minute, Is.EqualTo(new DateTime(2026, 12, 7, 9, 31, 0, DateTimeKind.Utc)));
            Assert.That(series.Minutes[^1].Minute, Is.EqualTo(new DateTime(2026, 12, 7, 10, 30, 0, DateTimeKind.Utc)), "the minute in progress is the last");
            Assert.That(series.Minutes.Select(m => m.Minute), Is.Ordered);
            Assert.That(series.Minutes.Count(m => m.Completions > 0), Is.EqualTo(1));
            Assert.That(series.Minutes[^3].Completions, Is.EqualTo(3));
        });
    }

    [Test]
    public void Completions_and_compensations_land_in_their_minutes_and_add_up()
    {
        var minute = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);
        var series = ThroughputSeries.Of(
            [(minute, 4), (minute.AddSeconds(30), 1), (minute.AddMinutes(5), 2)],
            [(minute.AddMinutes(5), 7)],
            Now, hours: 3);
        var byMinute = series.Minutes.ToDictionary(m => m.Minute);

        Assert.Multiple(() =>
        {
            Assert.That(series.Minutes, Has.Count.EqualTo(180));
            Assert.That(byMinute[minute].Completions, Is.EqualTo(5), "a minute given twice is added up");
            Assert.That(byMinute[minute.AddMinutes(5)], Is.EqualTo(new ThroughputMinute(minute.AddMinutes(5), 2, 7)));
            Assert.That(series.TotalCompletions, Is.EqualTo(7));
            Assert.That(series.TotalCompensations, Is.EqualTo(7));
            Assert.That(series.Peak, Is.EqualTo(7));
        });
    }

    [Test]
    public void Counts_outside_the_span_are_left_out()
    {
        var series = ThroughputSeries.Of([(Now.AddHours(-2), 9), (Now.AddMinutes(1), 9)], [], Now, hours: 1);
        Assert.That(series.TotalCompletions, Is.Zero);
    }

    [Test]
    public void The_text_alternative_sums_the_minutes_per_bucket()
    {
        var series = ThroughputSeries.Of([(Now.AddMinutes(-1), 2), (Now.AddMinutes(-15), 3)], [(Now, 1)], Now, hours: 1);
        var buckets = series.Buckets(10);

        Assert.Multiple(() =>
        {
            Assert.That(buckets, Has.Count.EqualTo(6));
            Assert.That(buckets.Sum(b => b.Completions), Is.EqualTo(5));
            Assert.That(buckets[^1], Is.EqualTo(new ThroughputMinute(series.Minutes[50].Minute, 2, 1)));
        });
    }

    [TestCase(0, 1)]
    [TestCase(1, 1)]
    [TestCase(3, 5)]
    [TestCase(7, 10)]
    [TestCase(11, 20)]
    [TestCase(120, 200)]
    public void The_y_axis_ends_at_a_round_number_at_or_above_the_peak(long peak, long yMax) =>
        Assert.That(ChartScale.RoundUp(peak), Is.EqualTo(yMax));
}
