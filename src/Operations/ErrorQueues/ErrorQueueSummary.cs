namespace Saga.Operations.ErrorQueues;

/// <summary>One error queue: whether it exists, how many messages wait in it, and the ones read (up to the limit).</summary>
public sealed record ErrorQueueSummary(string ErrorQueue, bool Exists, long MessageCount, IReadOnlyList<FaultedMessage> Messages);
