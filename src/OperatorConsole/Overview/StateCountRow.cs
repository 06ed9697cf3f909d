namespace Saga.OperatorConsole.Overview;

/// <summary>How many orders are in <see cref="State"/> now.</summary>
public sealed record StateCountRow(string State, long Count);
