using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Saga.OperatorConsole.Orders;

/// <summary>
/// The order list's age filter, as it travels in the URL: <c>newer-than-1h</c> (created within the last hour) or
/// <c>older-than-30m</c>; units s, m, h and d.
/// </summary>
public sealed partial record AgeFilter(bool Newer, TimeSpan Age, string Text)
{
    /// <summary>The choices the filter form offers.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Choices =
    [
        ("newer-than-5m", "newer than 5 minutes"),
        ("newer-than-1h", "newer than 1 hour"),
        ("newer-than-1d", "newer than 1 day"),
        ("older-than-5m", "older than 5 minutes"),
        ("older-than-1h", "older than 1 hour"),
        ("older-than-1d", "older than 1 day"),
    ];

    public static bool TryParse(string? text, [NotNullWhen(true)] out AgeFilter? filter)
    {
        filter = null;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true } || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 100_000)
            return false;
        var age = match.Groups[3].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
        filter = new AgeFilter(match.Groups[1].Value == "newer", age, text!);
        return true;
    }

    [GeneratedRegex("^(newer|older)-than-([0-9]{1,6})([smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
