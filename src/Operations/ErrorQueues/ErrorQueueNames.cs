using Saga.Contracts;

namespace Saga.Operations.ErrorQueues;

/// <summary>
/// MassTransit's error queue for a receive endpoint is the endpoint's queue name with <c>_error</c>. The CLI looks at the
/// services' own queues (<see cref="QueueNames"/>) and whatever else it is given, rather than asking the management plugin
/// for every queue: that needs its HTTP port and a user with the management tag, which a service's broker user lacks.
/// </summary>
public static class ErrorQueueNames
{
    public const string Suffix = "_error";

    public static readonly IReadOnlyList<string> ServiceQueues = [QueueNames.Orders, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping];

    /// <summary>The error queue for <paramref name="queue"/>, which may name either the queue or its error queue.</summary>
    public static string ErrorQueue(string queue) => queue.EndsWith(Suffix, StringComparison.Ordinal) ? queue : queue + Suffix;

    /// <summary>The queue whose error queue <paramref name="errorQueue"/> is.</summary>
    public static string OriginalQueue(string errorQueue) =>
        errorQueue.EndsWith(Suffix, StringComparison.Ordinal) ? errorQueue[..^Suffix.Length] : errorQueue;
}
