using System.Globalization;
using Saga.Operations.Sagas;

namespace Saga.OperatorConsole.Components;

/// <summary>How the pages write times, durations and ids: UTC, invariant, short.</summary>
public static class Display
{
    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => Time(time.UtcDateTime);

    /// <summary>The machine-readable form for a <c>time</c> element's <c>datetime</c>.</summary>
    public static string Iso(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset time) => Iso(time.UtcDateTime);

    /// <summary><c>45s</c>, <c>12m 05s</c>, <c>3h 02m</c>, <c>2d 04h</c>; under a second as milliseconds.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
            duration = TimeSpan.Zero;
        if (duration < TimeSpan.FromSeconds(1))
            return $"{(int)duration.TotalMilliseconds}ms";
        if (duration < TimeSpan.FromMinutes(1))
            return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s");
        if (duration < TimeSpan.FromHours(1))
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m {duration.Seconds:00}s");
        if (duration < TimeSpan.FromDays(1))
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h {duration.Minutes:00}m");
        return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays}d {duration.Hours:00}h");
    }

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A message type's name without its namespace (<c>SubmitOrderV2</c>), or the text as it is.</summary>
    public static string? ShortType(string? messageType) => SagaTransition.ShortType(messageType);
}
