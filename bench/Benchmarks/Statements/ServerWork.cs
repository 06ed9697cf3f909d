using System.Text.RegularExpressions;

namespace Saga.Benchmarks.Statements;

/// <summary>
/// What PostgreSQL did for a window's sagas, with <c>--statement-stats</c>: its statements (execution time, rows,
/// blocks, WAL), its tables' row writes (how many updates were HOT: no index entry written) and its indexes' scans.
/// </summary>
public sealed partial class ServerWork(IReadOnlyList<StatementStatistic> statements, IReadOnlyList<TableWrites> tables, IReadOnlyList<IndexUse> indexes)
{
    /// <summary>Statements shown per service, most execution time first.</summary>
    const int TopStatements = 12;

    const int QueryWidth = 160;

    public IReadOnlyList<StatementStatistic> Statements { get; } = statements;

    public IReadOnlyList<TableWrites> Tables { get; } = tables;

    public IReadOnlyList<IndexUse> Indexes { get; } = indexes;

    /// <summary>The window's table counters: <paramref name="after"/> less <paramref name="before"/>, tables written or scanned only.</summary>
    public static IReadOnlyList<TableWrites> Difference(IReadOnlyList<TableWrites> before, IReadOnlyList<TableWrites> after) =>
    [
        .. after.Select(a => before.FirstOrDefault(b => b.Service == a.Service && b.Table == a.Table) is { } b ? a - b : a)
            .Where(x => x.Inserted + x.Updated + x.Deleted + x.IndexScans + x.SequentialScans > 0),
    ];

    /// <summary>The window's index scans: <paramref name="after"/> less <paramref name="before"/>, every index (unused ones too).</summary>
    public static IReadOnlyList<IndexUse> Difference(IReadOnlyList<IndexUse> before, IReadOnlyList<IndexUse> after) =>
    [
        .. after.Select(a => before.FirstOrDefault(b => b.Service == a.Service && b.Index == a.Index) is { } b ? a - b : a),
    ];

    public void Print(int sagas, TextWriter output)
    {
        var n = (double)Math.Max(sagas, 1);
        foreach (var service in Statements.GroupBy(x => x.Service).OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"server      {service.Key}: {service.Sum(x => x.TotalMs) / n:0.000} ms executing, {service.Sum(x => x.Calls) / n:0.0} statements, " +
                             $"{service.Sum(x => x.SharedBlocksDirtied) / n:0.0} blocks dirtied, {(double)service.Sum(x => x.WalBytes) / n:0} WAL bytes " +
                             $"({service.Sum(x => x.WalFullPageImages) / n:0.00} full-page images) per saga (pg_stat_statements)");
            output.WriteLine($"            {"calls",6} {"ms",7} {"rows",6} {"dirtied",7} {"written",7} {"WAL B",7}  per saga; statement");
            foreach (var s in service.OrderByDescending(x => x.TotalMs).Take(TopStatements))
            {
                output.WriteLine($"            {s.Calls / n,6:0.00} {s.TotalMs / n,7:0.000} {s.Rows / n,6:0.00} {s.SharedBlocksDirtied / n,7:0.00} " +
                                 $"{s.SharedBlocksWritten / n,7:0.00} {(double)s.WalBytes / n,7:0}  {Shorten(s.Query)}");
            }

            var rest = service.OrderByDescending(x => x.TotalMs).Skip(TopStatements).ToList();
            if (rest.Count > 0)
            {
                output.WriteLine($"            {rest.Sum(x => x.Calls) / n,6:0.00} {rest.Sum(x => x.TotalMs) / n,7:0.000} {rest.Sum(x => x.Rows) / n,6:0.00} " +
                                 $"{rest.Sum(x => x.SharedBlocksDirtied) / n,7:0.00} {rest.Sum(x => x.SharedBlocksWritten) / n,7:0.00} " +
                                 $"{(double)rest.Sum(x => x.WalBytes) / n,7:0}  ({rest.Count} other statements)");
            }
        }

        output.WriteLine($"tables      {"ins",6} {"upd",6} {"HOT",6} {"del",6} {"idx scans",9} {"seq scans",9}  per saga");
        foreach (var t in Tables.OrderBy(x => x.Service, StringComparer.Ordinal).ThenByDescending(x => x.Inserted + x.Updated + x.Deleted))
        {
            output.WriteLine($"            {t.Inserted / n,6:0.00} {t.Updated / n,6:0.00} {t.HotUpdated / n,6:0.00} {t.Deleted / n,6:0.00} " +
                             $"{t.IndexScans / n,9:0.00} {t.SequentialScans / n,9:0.00}  {t.Service}.{t.Table}");
        }

        output.WriteLine($"indexes     {"scans",9} {"size",9}  in the window (0 scans: maintained on every write, read by no statement of the run)");
        foreach (var i in Indexes.OrderBy(x => x.Service, StringComparer.Ordinal).ThenBy(x => x.Table, StringComparer.Ordinal).ThenBy(x => x.Index, StringComparer.Ordinal))
            output.WriteLine($"            {i.Scans,9} {i.SizeBytes / 1024.0,6:0} KiB  {i.Service}.{i.Table}.{i.Index}");
    }

    public Dictionary<string, object?> Json(int sagas)
    {
        var n = (double)Math.Max(sagas, 1);
        return new Dictionary<string, object?>
        {
            ["statements"] = Statements.GroupBy(x => x.Service).OrderBy(x => x.Key, StringComparer.Ordinal).SelectMany(service =>
                service.OrderByDescending(x => x.TotalMs).Take(TopStatements).Select(s => new Dictionary<string, object?>
                {
                    ["service"] = s.Service,
                    ["query"] = Shorten(s.Query),
                    ["calls_per_saga"] = Math.Round(s.Calls / n, 3),
                    ["ms_per_saga"] = Math.Round(s.TotalMs / n, 4),
                    ["rows_per_saga"] = Math.Round(s.Rows / n, 3),
                    ["blocks_dirtied_per_saga"] = Math.Round(s.SharedBlocksDirtied / n, 3),
                    ["blocks_written_per_saga"] = Math.Round(s.SharedBlocksWritten / n, 3),
                    ["wal_bytes_per_saga"] = Math.Round((double)s.WalBytes / n, 1),
                })).ToList(),
            ["tables"] = Tables.Select(t => new Dictionary<string, object?>
            {
                ["service"] = t.Service,
                ["table"] = t.Table,
                ["inserted_per_saga"] = Math.Round(t.Inserted / n, 3),
                ["updated_per_saga"] = Math.Round(t.Updated / n, 3),
                ["hot_updated_per_saga"] = Math.Round(t.HotUpdated / n, 3),
                ["deleted_per_saga"] = Math.Round(t.Deleted / n, 3),
            }).ToList(),
        };
    }

    /// <summary>The statement on one line, cut to <see cref="QueryWidth"/> characters.</summary>
    static string Shorten(string query)
    {
        var line = Whitespace().Replace(query, " ").Trim();
        return line.Length <= QueryWidth ? line : line[..(QueryWidth - 1)] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
