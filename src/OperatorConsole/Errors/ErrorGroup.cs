using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Saga.Operations.ErrorQueues;

namespace Saga.OperatorConsole.Errors;

/// <summary>
/// The messages of one error queue that failed with the same exception type and the same message shape: the exception
/// message with its ids and numbers left out (<see cref="ShapeOf"/>), so that one cause met by many orders is one group
/// rather than one per order. <see cref="Key"/> names the group in a URL without carrying the (possibly long) message.
/// </summary>
public sealed partial record ErrorGroup(string Queue, string ExceptionType, string ExceptionMessage, IReadOnlyList<FaultedMessage> Messages)
{
    public string Key => KeyOf(Queue, ExceptionType, ExceptionMessage);

    /// <summary>The groups of <paramref name="summaries"/>' messages, the largest first.</summary>
    public static IReadOnlyList<ErrorGroup> Of(IEnumerable<ErrorQueueSummary> summaries) =>
    [
        .. summaries.SelectMany(s => s.Messages)
            .GroupBy(m => (m.ErrorQueue, Type: m.ExceptionType ?? "(unknown)", Message: ShapeOf(m.ExceptionMessage ?? "")))
            .Select(g => new ErrorGroup(g.Key.ErrorQueue, g.Key.Type, g.Key.Message, [.. g.OrderBy(m => m.FaultedAt)]))
            .OrderByDescending(g => g.Messages.Count).ThenBy(g => g.Queue, StringComparer.Ordinal),
    ];

    public static string KeyOf(string queue, string exceptionType, string exceptionMessage) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{queue}\n{exceptionType}\n{exceptionMessage}")))[..16];

    /// <summary>
    /// <paramref name="message"/> with every GUID shown as <c>{id}</c> and every number as <c>{n}</c>: what stays is the
    /// wording, which names the cause.
    /// </summary>
    public static string ShapeOf(string message) => Numbers().Replace(Guids().Replace(message, "{id}"), "{n}");

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guids();

    [GeneratedRegex(@"(?<![\p{L}\d_])\d+(?:[.,]\d+)*(?![\p{L}\d_])")]
    private static partial Regex Numbers();
}
