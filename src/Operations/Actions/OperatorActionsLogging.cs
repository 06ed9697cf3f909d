using Microsoft.Extensions.Logging;

namespace Saga.Operations.Actions;

/// <summary>The log lines of <see cref="OperatorActions"/>: every action names its operator.</summary>
static partial class OperatorActionsLogging
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Operator {Operator} action {Action} on {Target}: {Outcome} ({Summary})")]
    public static partial void ActionTaken(ILogger logger, string @operator, string action, string target, string outcome, string summary);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Operator {Operator} action {Action} on {Target} ({Outcome}) could not be recorded in operator_actions: {Reason}")]
    public static partial void NotRecorded(ILogger logger, Exception exception, string @operator, string action, string target, string outcome,
        string reason);
}
