namespace Saga.Operations.Actions;

/// <summary>
/// What became of an operator's action: accepted or not, and one line for the operator (what happens now, the
/// orchestrator's reason for refusing, or why it could not be carried out).
/// </summary>
public sealed record ActionOutcome(bool Accepted, string Summary)
{
    /// <summary>As recorded in <c>operator_actions</c>: <c>accepted</c>, <c>refused</c> (by the orchestrator) or <c>failed</c>.</summary>
    public string Outcome { get; init; } = Accepted ? ActionOutcomes.Accepted : ActionOutcomes.Refused;

    /// <summary>An action that could not be carried out (no broker, no answer, a message the broker did not take).</summary>
    public static ActionOutcome Failed(string summary) => new(false, summary) { Outcome = ActionOutcomes.Failed };
}
