using System.Globalization;

namespace Saga.Cli.Output;

/// <summary>How the tables show values: invariant culture, so that output is the same on every machine; times in UTC.</summary>
public static class Formats
{
    public static string Time(DateTime? time) =>
        time is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public static string Amount(decimal? amount, string? currency) =>
        amount is { } a ? $"{a.ToString("0.00", CultureInfo.InvariantCulture)} {currency}".TrimEnd() : "";

    public static string ShortId(Guid id) => id.ToString("N")[..8];

    public static string Id(Guid? id) => id?.ToString() ?? "";

    /// <summary>A duration the way an operator says it: <c>45s</c>, <c>12m 5s</c>, <c>3h 20m</c>, <c>2d 4h</c>.</summary>
    public static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return span switch
        {
            { TotalMinutes: < 1 } => $"{span.Seconds}s",
            { TotalHours: < 1 } => $"{span.Minutes}m {span.Seconds}s",
            { TotalDays: < 1 } => $"{span.Hours}h {span.Minutes}m",
            _ => $"{(int)span.TotalDays}d {span.Hours}h",
        };
    }

    /// <summary>At most <paramref name="length"/> characters, an ellipsis marking a cut (the whole text is in <c>--json</c>).</summary>
    public static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    public static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);
}
