using Microsoft.Extensions.Logging;
using RabbitMQ.Client.Exceptions;
using Saga.Operations.Connection;
using Saga.Operations.ErrorQueues;

namespace Saga.Operations.Actions;

/// <summary>
/// What an operator may do to the running system: cancel an order, retry a failed compensation, move faulted messages
/// back to their queues. Each action is carried out as the <c>saga</c> tool does it, recorded in <c>operator_actions</c>
/// (<see cref="OperatorActionLog"/>) whatever its outcome, and logged naming the operator. Nothing is thrown for an
/// unreachable broker or a missing answer: the outcome says it (<see cref="ActionOutcomes.Failed"/>).
/// </summary>
public sealed class OperatorActions(OperatorSettings settings, TimeProvider timeProvider, ILogger<OperatorActions> logger)
{
    const int ListedMessages = 10;

    readonly OperatorActionLog _log = new(settings, timeProvider);

    /// <summary>How long to wait for the orchestrator's answer to a cancellation or a retry.</summary>
    public TimeSpan AnswerTimeout { get; init; } = OrderRequests.DefaultTimeout;

    public Task<ActionOutcome> CancelAsync(Guid orderId, string reason, string operatorName, CancellationToken cancellationToken) =>
        RunAsync(operatorName, ActionNames.Cancel, orderId.ToString(), async () =>
        {
            await using var bus = await OperatorBus.StartAsync(settings, cancellationToken);
            var answer = await OrderRequests.CancelAsync(bus, orderId, reason, AnswerTimeout, cancellationToken);
            return answer.Accepted
                ? new ActionOutcome(true, $"order {orderId} is being cancelled and compensated")
                : new ActionOutcome(false, answer.Reason ?? "refused");
        }, cancellationToken);

    public Task<ActionOutcome> RetryCompensationAsync(Guid orderId, string operatorName, CancellationToken cancellationToken) =>
        RunAsync(operatorName, ActionNames.RetryCompensation, orderId.ToString(), async () =>
        {
            await using var bus = await OperatorBus.StartAsync(settings, cancellationToken);
            var answer = await OrderRequests.RetryCompensationAsync(bus, orderId, operatorName, AnswerTimeout, cancellationToken);
            return answer.Accepted
                ? new ActionOutcome(true, $"order {orderId} is compensating again, from step {answer.Step}")
                : new ActionOutcome(false, answer.Reason ?? "refused");
        }, cancellationToken);

    /// <param name="errorQueue">The error queue (or the queue whose error queue it is).</param>
    /// <param name="messageIds">Null for every message in the queue; otherwise exactly those (the others stay).</param>
    public Task<ActionOutcome> MoveErrorsAsync(string errorQueue, IReadOnlyCollection<string>? messageIds, string operatorName,
        CancellationToken cancellationToken)
    {
        var queue = ErrorQueueNames.ErrorQueue(errorQueue);
        return RunAsync(operatorName, ActionNames.MoveErrors, queue, async () =>
        {
            await using var connection = await Broker.ConnectAsync(settings, cancellationToken);
            try
            {
                var moved = await ErrorQueueMover.MoveAsync(connection, queue, messageIds, cancellationToken);
                return new ActionOutcome(true, MoveSummary(queue, messageIds, moved));
            }
            catch (Exception e) when (e is OperationInterruptedException or IOException)
            {
                // The connection went away halfway: what was not yet acknowledged is back in the error queue.
                return ActionOutcome.Failed($"the broker connection closed while moving messages out of {queue} ({e.Message}); " +
                                            "messages not yet moved stay in the error queue");
            }
        }, cancellationToken);
    }

    async Task<ActionOutcome> RunAsync(string operatorName, string action, string target, Func<Task<ActionOutcome>> act,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        ActionOutcome outcome;
        try
        {
            outcome = await act();
        }
        catch (OperationException e)
        {
            outcome = ActionOutcome.Failed(e.Message);
        }

        OperatorActionsLogging.ActionTaken(logger, operatorName, action, target, outcome.Outcome, outcome.Summary);
        try
        {
            await _log.RecordAsync(operatorName, action, target, outcome.Outcome, outcome.Summary, cancellationToken);
        }
        catch (OperationException e)
        {
            // The action happened (or failed) all the same; the operator learns that the audit lacks it.
            OperatorActionsLogging.NotRecorded(logger, e, operatorName, action, target, outcome.Outcome, e.Message);
            outcome = outcome with { Summary = $"{outcome.Summary} (not recorded in operator_actions: {e.Message})" };
        }

        return outcome;
    }

    static string MoveSummary(string queue, IReadOnlyCollection<string>? asked, IReadOnlyList<FaultedMessage> moved)
    {
        var summary = $"moved {moved.Count} message(s) out of {queue}";
        if (moved.Count > 0)
            summary += $": {Some(moved.Select(m => $"{m.MessageId} to {m.OriginalQueue}").ToList())}";
        if (asked is null)
            return summary;
        var notFound = asked.Except(moved.Select(m => m.MessageId ?? ""), StringComparer.OrdinalIgnoreCase).ToList();
        return notFound.Count == 0 ? summary : $"{summary}; not in the queue: {Some(notFound)}";
    }

    // One line stays readable: a whole queue moved lists its first messages and how many more.
    static string Some(List<string> items) =>
        items.Count <= ListedMessages ? string.Join(", ", items) : $"{string.Join(", ", items.Take(ListedMessages))} and {items.Count - ListedMessages} more";
}
