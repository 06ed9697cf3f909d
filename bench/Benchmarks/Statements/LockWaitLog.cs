using System.Text;
using System.Text.RegularExpressions;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Statements;

/// <summary>
/// Lock waits as PostgreSQL itself reports them: with <c>log_lock_waits</c> on, a backend that has waited
/// <c>deadlock_timeout</c> for a lock logs <c>process N still waiting for … after … ms</c>, a <c>CONTEXT</c> line naming
/// the relation when a row was being locked or updated (<c>while locking tuple (0,3) in relation "order_sagas"</c>), and
/// the statement. So a wait for another transaction is counted by the server, apart from a client that was merely slow
/// to get its answer.
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
    /// <paramref name="services"/> (database name → the name to show), per "service relation"; a wait whose log names no
    /// relation is keyed by its lock and the first words of the statement that waited, in parentheses.
    /// </summary>
    public static IReadOnlyDictionary<string, long> Count(string logFile, long from, long to, IReadOnlyDictionary<string, string> services)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(logFile) || to <= from)
            return counts;
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(new BoundedStream(stream, to - from), Encoding.UTF8);

        // A wait's CONTEXT line (if any) and its STATEMENT line follow its LOG line, from the same backend.
        var waiting = new Dictionary<string, (string Service, string Lock)>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (Line().Match(line) is not { Success: true } entry)
                continue;
            var pid = entry.Groups["pid"].Value;
            var kind = entry.Groups["kind"].Value;
            var text = entry.Groups["text"].Value;
            if (kind == "CONTEXT" && Relation().Match(text) is { Success: true } relation && waiting.Remove(pid, out var wait))
            {
                Add(wait.Service, relation.Groups["name"].Value);
            }
            else if (kind == "STATEMENT" && waiting.Remove(pid, out var unnamed))
            {
                Add(unnamed.Service, $"({unnamed.Lock}: {Start(text)})");
            }
            else if (kind == "LOG")
            {
                if (waiting.Remove(pid, out var previous))
                    Add(previous.Service, $"({previous.Lock})");
                if (Waiting().Match(text) is { Success: true } lockWait && services.TryGetValue(entry.Groups["database"].Value, out var service))
                    waiting[pid] = (service, lockWait.Groups["lock"].Value);
            }
        }

        foreach (var wait in waiting.Values)
            Add(wait.Service, $"({wait.Lock})");
        return counts;

        void Add(string service, string relation)
        {
            var key = $"{service} {relation}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    // The statement's first words: enough to tell which of the engine's statements waited.
    static string Start(string statement) => string.Join(' ', statement.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6));

    // "%m [%p] %d ": "2026-12-06 18:00:00.123 UTC [1234] saga_x_orchestrator LOG:  process 1234 still waiting for …"
    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[(?<pid>\d+)\] (?<database>\S*) (?<kind>[A-Z]+):  (?<text>.*)$")]
    private static partial Regex Line();

    // "still waiting for ShareLock on transaction 726 after 10.115 ms" → "ShareLock on transaction"
    [GeneratedRegex(@"still waiting for (?<lock>[A-Za-z]+ on [a-z ]*[a-z])")]
    private static partial Regex Waiting();

    [GeneratedRegex("relation \"(?<name>[^\"]+)\"")]
    private static partial Regex Relation();
}
