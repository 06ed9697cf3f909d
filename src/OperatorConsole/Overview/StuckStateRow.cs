namespace Saga.OperatorConsole.Overview;

/// <summary>Orders in flight in <see cref="State"/> without a transition for longer than the threshold, and the longest such wait.</summary>
public sealed record StuckStateRow(string State, long Count, TimeSpan LongestIdle);
