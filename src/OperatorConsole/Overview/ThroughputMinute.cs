namespace Saga.OperatorConsole.Overview;

/// <summary>Orders completed and compensated in the minute starting at <see cref="Minute"/> (UTC).</summary>
public sealed record ThroughputMinute(DateTime Minute, long Completions, long Compensations);
