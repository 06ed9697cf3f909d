using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Benchmarks.Statements;

/// <summary>
/// Reads the statements a PostgreSQL cluster logged (<c>log_statement = all</c> with
/// <see cref="Saga.TestInfrastructure.PostgreSqlTestCluster.StatementLogLinePrefix"/>) between two offsets of its log
/// file, and counts them by database and kind.
/// </summary>
public static partial class StatementLog
{
    /// <summary>How long the log file is now: where statements logged from now on begin.</summary>
    public static long Length(string logFile) => File.Exists(logFile) ? new FileInfo(logFile).Length : 0;

    /// <summary>
    /// Counts the statements logged from <paramref name="from"/> to <paramref name="to"/> for databases named in
    /// <paramref name="services"/> (database name → the name to show).
    /// </summary>
    public static StatementCounts Count(string logFile, long from, long to, IReadOnlyDictionary<string, string> services)
    {
        var counts = new Dictionary<(string Service, string Kind), long>();
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(new BoundedStream(stream, to - from), Encoding.UTF8);

        string? database = null;
        StringBuilder? statement = null;
        while (reader.ReadLine() is { } line)
        {
            if (Entry().Match(line) is { Success: true } entry)
            {
                Flush();
                database = entry.Groups["database"].Value;
                statement = entry.Groups["statement"].Success && services.ContainsKey(database)
                    ? new StringBuilder(entry.Groups["statement"].Value)
                    : null;
            }
            else if (Prefixed().IsMatch(line))
            {
                // Another message (DETAIL of the parameters, an error): it ends the statement before it.
                Flush();
            }
            else
            {
                // The statement's text goes on over several lines.
                statement?.Append('\n').Append(line);
            }
        }

        Flush();
        return new StatementCounts(counts);

        void Flush()
        {
            if (statement is null || database is null)
                return;
            foreach (var kind in StatementKind.Of(statement.ToString()))
            {
                var key = (services[database], kind);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            statement = null;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] (?<database>\S*) (LOG|STATEMENT|DETAIL|ERROR|WARNING|FATAL|HINT|CONTEXT|NOTICE):  ((statement|execute [^:]*): (?<statement>.*))?")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ ")]
    private static partial Regex Prefixed();
}
