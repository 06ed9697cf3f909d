using System.Globalization;

namespace Saga.Benchmarks.Metrics;

/// <summary>
/// Reads Prometheus' text exposition format (what <c>GET /metrics</c> answers): <c>name{label="value",…} value [timestamp]</c>
/// per line; comments (<c># HELP</c>, <c># TYPE</c>) and blank lines are skipped.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (TryParseLine(line) is { } sample)
                samples.Add(sample);
        }

        return samples;
    }

    static PrometheusSample? TryParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space))
        {
            name = line[..brace];
            rest = ReadLabels(line, brace + 1, labels);
            if (rest < 0)
                return null;
        }
        else
        {
            if (space < 0)
                return null;
            name = line[..space];
            rest = space;
        }

        var fields = line[rest..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
            return null;
        var value = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var number => double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null,
        };
        return value is { } v ? new PrometheusSample(name, labels, v) : null;
    }

    /// <summary>Reads <c>a="x",b="y"}</c> from <paramref name="at"/>; returns the index after the closing brace, or -1.</summary>
    static int ReadLabels(string line, int at, Dictionary<string, string> labels)
    {
        var i = at;
        while (i < line.Length)
        {
            if (line[i] == '}')
                return i + 1;
            if (line[i] is ',' or ' ')
            {
                i++;
                continue;
            }

            var equals = line.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
                return -1;
            var key = line[i..equals];
            var value = new System.Text.StringBuilder();
            var j = equals + 2;
            for (; j < line.Length && line[j] != '"'; j++)
            {
                if (line[j] == '\\' && j + 1 < line.Length)
                {
                    j++;
                    value.Append(line[j] == 'n' ? '\n' : line[j]);
                }
                else
                {
                    value.Append(line[j]);
                }
            }

            if (j >= line.Length)
                return -1;
            labels[key] = value.ToString();
            i = j + 1;
        }

        return -1;
    }
}
