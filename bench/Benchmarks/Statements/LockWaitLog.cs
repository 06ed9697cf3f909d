using System.Text;
using System.Text.RegularExpressions;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Statements;

/// <summary>
/// Lock waits as PostgreSQL itself reports them: with <c>log_lock_waits</c> on, a backend that has waited
/// <c>deadlock_timeout</c> for a lock logs <c>process N still waiting for … after … ms</c>, and a <c>CONTEXT</c> line
/// naming the relation (<c>while locking tuple (0,3) in relation "order_sagas"</c>, <c>while updating tuple …</c>). So a
/// wait for another transaction is counted by the server, apart from a client that was merely slow to get its answer.
/// </summary>
public static partial class LockWaitLog
{
    /// <summary>Waits shorter than this are not logged (and not counted): PostgreSQL's <c>deadlock_timeout</c>, set here.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Turns the lock-wait log on for the whole cluster, with the statement log's line prefix (database name included),
    /// without a restart. <c>deadlock_timeout</c> also decides when the deadlock check runs: after 10 ms instead of 1 s
    /// of waiting, which costs nothing while nobody waits.
    /// </summary>
    public static async Task EnableAsync(PostgreSqlTestCluster postgreSql, CancellationToken cancellationToken)
    {
        var administrator = postgreSql.ConnectionString("postgres");
        foreach (var statement in new[]
                 {
                     "ALTER SYSTEM SET log_lock_waits = on",
                     $"ALTER SYSTEM SET deadlock_timeout = '{Threshold.TotalMilliseconds:0}ms'",
                     $"ALTER SYSTEM SET log_line_prefix = '{PostgreSqlTestCluster.StatementLogLinePrefix}'",
                 })
        {
            await Sql.ExecuteAsync(administrator, statement, cancellationToken);
        }

        await Sql.ScalarAsync<bool>(administrator, "SELECT pg_reload_conf()", cancellationToken);
    }

    /// <summary>
    /// The lock waits logged from <paramref name="from"/> to <paramref name="to"/> in the databases named in
    /// <paramref name="services"/> (database name → the name to show), per service and relation ("?" when the log
    /// named none).
    /// </summary>
    public static IReadOnlyDictionary<string, long> Count(string logFile, long from, long to, IReadOnlyDictionary<string, string> services)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(logFile) || to <= from)
            return counts;
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(new BoundedStream(stream, to - from), Encoding.UTF8);

        // A wait's CONTEXT line follows its LOG line, from the same backend.
        var waiting = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (Line().Match(line) is not { Success: true } entry)
                continue;
            var pid = entry.Groups["pid"].Value;
            var database = entry.Groups["database"].Value;
            var kind = entry.Groups["kind"].Value;
            var text = entry.Groups["text"].Value;
            if (kind == "CONTEXT" && waiting.Remove(pid, out var service))
            {
                Add(service, Relation().Match(text) is { Success: true } relation ? relation.Groups["name"].Value : "?");
            }
            else if (kind == "LOG")
            {
                if (waiting.Remove(pid, out var unnamed))
                    Add(unnamed, "?");
                if (text.Contains(" still waiting for ", StringComparison.Ordinal) && services.TryGetValue(database, out var name))
                    waiting[pid] = name;
            }
        }

        foreach (var service in waiting.Values)
            Add(service, "?");
        return counts;

        void Add(string service, string relation)
        {
            var key = $"{service} {relation}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    // "%m [%p] %d ": "2026-12-06 18:00:00.123 UTC [1234] saga_x_orchestrator LOG:  process 1234 still waiting for …"
    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[(?<pid>\d+)\] (?<database>\S*) (?<kind>[A-Z]+):  (?<text>.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"relation ""(?<name>[^""]+)""")]
    private static partial Regex Relation();
}
