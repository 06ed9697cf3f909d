namespace Saga.Benchmarks.Sagas;

/// <summary>One operator query: its median and slowest time over several runs, and the scan nodes of its plan.</summary>
public sealed record QueryTiming(string Name, string Sql, int Runs, double MedianMs, double MaxMs, IReadOnlyList<string> PlanNodes, string Plan);
