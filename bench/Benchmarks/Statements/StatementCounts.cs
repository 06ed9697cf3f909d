namespace Saga.Benchmarks.Statements;

/// <summary>How many statements of each kind each service's database ran over a window.</summary>
public sealed class StatementCounts(IReadOnlyDictionary<(string Service, string Kind), long> counts)
{
    public IReadOnlyDictionary<(string Service, string Kind), long> Counts { get; } = counts;

    public long Total => Counts.Values.Sum();

    /// <summary>The statements of <paramref name="kind"/> over every database.</summary>
    public long Of(string kind) => Counts.Where(x => x.Key.Kind == kind).Sum(x => x.Value);

    /// <summary>The table, per saga: one line per service and kind, most frequent first; then the totals per kind of every service.</summary>
    public void Print(int sagas, TextWriter output)
    {
        var n = Math.Max(sagas, 1);
        output.WriteLine($"statements  {Total} logged in the window, {(double)Total / n:0.0} per saga: BEGIN {(double)Of("BEGIN") / n:0.0}, " +
                         $"COMMIT {(double)Of("COMMIT") / n:0.0}, ROLLBACK {(double)Of("ROLLBACK") / n:0.0}, SAVEPOINT {(double)Of("SAVEPOINT") / n:0.0}, " +
                         $"RELEASE SAVEPOINT {(double)Of("RELEASE SAVEPOINT") / n:0.0}, connection resets {(double)Of("connection reset") / n:0.0} per saga");
        output.WriteLine($"            {"per saga",9}  {"count",8}  service        statement");
        foreach (var ((service, kind), count) in Counts.OrderBy(x => x.Key.Service, StringComparer.Ordinal).ThenByDescending(x => x.Value))
            output.WriteLine($"            {(double)count / n,9:0.00}  {count,8}  {service,-13}  {kind}");
    }

    public List<Dictionary<string, object?>> Json(int sagas) =>
    [
        .. Counts.OrderBy(x => x.Key.Service, StringComparer.Ordinal).ThenByDescending(x => x.Value).Select(x => new Dictionary<string, object?>
        {
            ["service"] = x.Key.Service,
            ["kind"] = x.Key.Kind,
            ["count"] = x.Value,
            ["per_saga"] = Math.Round((double)x.Value / Math.Max(sagas, 1), 3),
        }),
    ];
}
