namespace Saga.Operations.Actions;

/// <summary>The orchestrator's answer to a cancellation or a retry: accepted (from <see cref="Step"/> for a retry) or refused, and why.</summary>
public sealed record OrderAnswer(bool Accepted, string? Reason = null, string? Step = null);
