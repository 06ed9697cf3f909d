namespace Saga.Benchmarks.Statements;

/// <summary>
/// Rows one table of one service's database had inserted, updated (of which HOT: no index touched) and deleted
/// (<c>pg_stat_user_tables</c>), and the index entries its indexes had fetched through scans.
/// </summary>
public sealed record TableWrites(string Service, string Table, long Inserted, long Updated, long HotUpdated, long Deleted, long IndexScans,
    long SequentialScans)
{
    public static TableWrites operator -(TableWrites after, TableWrites before) => after with
    {
        Inserted = after.Inserted - before.Inserted,
        Updated = after.Updated - before.Updated,
        HotUpdated = after.HotUpdated - before.HotUpdated,
        Deleted = after.Deleted - before.Deleted,
        IndexScans = after.IndexScans - before.IndexScans,
        SequentialScans = after.SequentialScans - before.SequentialScans,
    };
}
