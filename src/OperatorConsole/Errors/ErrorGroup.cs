using System.Security.Cryptography;
using System.Text;
using Saga.Operations.ErrorQueues;

namespace Saga.OperatorConsole.Errors;

/// <summary>
/// The messages of one error queue that failed with the same exception type and message. <see cref="Key"/> names the
/// group in a URL without carrying the (possibly long) message.
/// </summary>
public sealed record ErrorGroup(string Queue, string ExceptionType, string ExceptionMessage, IReadOnlyList<FaultedMessage> Messages)
{
    public string Key => KeyOf(Queue, ExceptionType, ExceptionMessage);

    /// <summary>The groups of <paramref name="summaries"/>' messages, the largest first.</summary>
    public static IReadOnlyList<ErrorGroup> Of(IEnumerable<ErrorQueueSummary> summaries) =>
    [
        .. summaries.SelectMany(s => s.Messages)
            .GroupBy(m => (m.ErrorQueue, Type: m.ExceptionType ?? "(unknown)", Message: m.ExceptionMessage ?? ""))
            .Select(g => new ErrorGroup(g.Key.ErrorQueue, g.Key.Type, g.Key.Message, [.. g.OrderBy(m => m.FaultedAt)]))
            .OrderByDescending(g => g.Messages.Count).ThenBy(g => g.Queue, StringComparer.Ordinal),
    ];

    public static string KeyOf(string queue, string exceptionType, string exceptionMessage) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{queue}\n{exceptionType}\n{exceptionMessage}")))[..16];
}
