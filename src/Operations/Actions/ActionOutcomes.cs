namespace Saga.Operations.Actions;

/// <summary>The values of <c>operator_actions.outcome</c>.</summary>
public static class ActionOutcomes
{
    public const string Accepted = "accepted";

    /// <summary>The orchestrator answered no (the order is not in a state that allows it, or is unknown).</summary>
    public const string Refused = "refused";

    /// <summary>The action could not be carried out: the broker or the orchestrator did not answer, or the move failed.</summary>
    public const string Failed = "failed";
}
