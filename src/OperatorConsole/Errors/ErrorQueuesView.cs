using Saga.Operations.ErrorQueues;

namespace Saga.OperatorConsole.Errors;

/// <summary>The services' error queues as read for the errors page: each queue's summary and its messages grouped.</summary>
public sealed record ErrorQueuesView(IReadOnlyList<ErrorQueueSummary> Queues, IReadOnlyList<ErrorGroup> Groups);
