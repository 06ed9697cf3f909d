using System.Text.RegularExpressions;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// The spans OpenTelemetry's console exporter wrote to a service's output, reduced to what a test asks: each span's
/// trace id, name and its <c>saga.order_id</c> tag. Log lines may be interleaved; each span block starts at its trace id.
/// </summary>
public static partial class ConsoleSpans
{
    public static List<(string TraceId, string Name, string? OrderId)> Parse(string output)
    {
        var spans = new List<(string TraceId, string Name, string? OrderId)>();
        string? traceId = null;
        string? name = null;
        string? orderId = null;
        foreach (var line in output.Split('\n').Select(x => x.Trim()))
        {
            if (TraceIdLine().Match(line) is { Success: true } trace)
            {
                if (traceId is not null)
                    spans.Add((traceId, name ?? "", orderId));
                (traceId, name, orderId) = (trace.Groups[1].Value, null, null);
            }
            else if (traceId is not null && DisplayNameLine().Match(line) is { Success: true } display)
                name = display.Groups[1].Value;
            else if (traceId is not null && OrderIdLine().Match(line) is { Success: true } order)
                orderId = order.Groups[1].Value;
        }

        if (traceId is not null)
            spans.Add((traceId, name ?? "", orderId));
        return spans;
    }

    [GeneratedRegex(@"^Activity\.TraceId:\s+([0-9a-f]{32})$")]
    private static partial Regex TraceIdLine();

    [GeneratedRegex(@"^Activity\.DisplayName:\s+(.+)$")]
    private static partial Regex DisplayNameLine();

    [GeneratedRegex(@"^saga\.order_id:\s+([0-9a-f-]{36})$")]
    private static partial Regex OrderIdLine();
}
