using System.Globalization;

namespace Saga.OperatorConsole.Overview;

/// <summary>
/// Where the throughput chart puts its points: minutes along the x axis, counts up a y axis that ends at a round number
/// (1, 2 or 5 times a power of ten) at or above the peak, so that its labels read well.
/// </summary>
public sealed class ChartScale(ThroughputSeries series)
{
    public const double Width = 720;
    public const double Height = 240;
    public const double Left = 48;
    public const double Right = 12;
    public const double Top = 12;
    public const double Bottom = 40;

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public long YMax { get; } = RoundUp(series.Peak);

    public double X(int minuteIndex) =>
        Left + (series.Minutes.Count <= 1 ? 0 : minuteIndex * PlotWidth / (series.Minutes.Count - 1));

    public double Y(long count) => Top + PlotHeight - (count * PlotHeight / YMax);

    public string Points(Func<ThroughputMinute, long> value) =>
        string.Join(" ", series.Minutes.Select((m, i) => $"{F(X(i))},{F(Y(value(m)))}"));

    /// <summary>The minutes labelled on the x axis: every half hour up to 3 hours, every hour up to 12, else every 6 hours.</summary>
    public IEnumerable<(int Index, DateTime Minute)> XTicks()
    {
        var step = series.Hours <= 3 ? 30 : series.Hours <= 12 ? 60 : 360;
        return series.Minutes.Select((m, i) => (i, m.Minute)).Where(t => (t.Minute.Hour * 60 + t.Minute.Minute) % step == 0);
    }

    public IEnumerable<long> YTicks() => YMax >= 2 ? [0, YMax / 2, YMax] : [0, YMax];

    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static long RoundUp(long peak)
    {
        for (long magnitude = 1; ; magnitude *= 10)
        {
            foreach (var step in (long[])[1, 2, 5])
            {
                if (step * magnitude >= peak && step * magnitude >= 1)
                    return step * magnitude;
            }
        }
    }
}
