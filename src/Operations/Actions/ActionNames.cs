namespace Saga.Operations.Actions;

/// <summary>The values of <c>operator_actions.action</c>.</summary>
public static class ActionNames
{
    public const string Cancel = "cancel";

    public const string RetryCompensation = "retry-compensation";

    public const string MoveErrors = "move-errors";
}
