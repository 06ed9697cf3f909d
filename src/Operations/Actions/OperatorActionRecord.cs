namespace Saga.Operations.Actions;

/// <summary>One row of <c>operator_actions</c>: who did what to which order or queue, when (UTC), and how it went.</summary>
public sealed record OperatorActionRecord(long Id, DateTime OccurredAt, string Operator, string Action, string Target,
    string Outcome, string? Detail);
