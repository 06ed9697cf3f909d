namespace Saga.Benchmarks.Statements;

/// <summary>How often one index was scanned over a window (<c>pg_stat_user_indexes.idx_scan</c>), and its size at the end.</summary>
public sealed record IndexUse(string Service, string Table, string Index, long Scans, long SizeBytes)
{
    public static IndexUse operator -(IndexUse after, IndexUse before) => after with { Scans = after.Scans - before.Scans };
}
