using System.Globalization;
using System.Text.RegularExpressions;

namespace Saga.Cli.Parsing;

/// <summary>
/// Durations as operators type them: a number and a unit, or several (<c>90s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>,
/// <c>1h30m</c>); units <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>.
/// </summary>
public static partial class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
            return false;

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitAt = part.Value.IndexOfAny(['m', 's', 'h', 'd']);
            var number = double.Parse(part.Value[..unitAt], NumberStyles.Float, CultureInfo.InvariantCulture);
            duration += part.Value[unitAt..] switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                _ => TimeSpan.FromDays(number),
            };
        }

        return duration > TimeSpan.Zero;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
