using Npgsql;
using Saga.SagaHarness.Database;

namespace Saga.Benchmarks.Statements;

/// <summary>
/// Reads what PostgreSQL itself counted, for <c>--statement-stats</c>: <c>pg_stat_statements</c> (cluster-wide, read in
/// the <c>postgres</c> database where the test cluster created the extension) and, per service database,
/// <c>pg_stat_user_tables</c> and <c>pg_stat_user_indexes</c>.
/// </summary>
public static class ServerStatistics
{
    /// <summary>Forgets every statement counted so far: what is read next is the window's.</summary>
    public static Task ResetStatementsAsync(string adminDatabase, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(adminDatabase, "SELECT pg_stat_statements_reset()", cancellationToken);

    /// <summary>Every statement counted since the reset on the databases of <paramref name="services"/> (database name → service).</summary>
    public static async Task<IReadOnlyList<StatementStatistic>> ReadStatementsAsync(string adminDatabase,
        IReadOnlyDictionary<string, string> services, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(adminDatabase,
            """
            SELECT d.datname, s.query, s.calls, s.total_exec_time, s.rows, s.shared_blks_hit, s.shared_blks_read,
                   s.shared_blks_dirtied, s.shared_blks_written, s.wal_records, s.wal_fpi, s.wal_bytes
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = ANY($1)
            """,
            reader => new StatementStatistic(
                services[reader.GetString(0)], reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10),
                reader.GetDecimal(11)),
            cancellationToken, [services.Keys.ToArray()]);
        return rows;
    }

    /// <summary>The write and scan counters of every table of the services' databases (service → connection string), as of now.</summary>
    public static async Task<IReadOnlyList<TableWrites>> ReadTablesAsync(IEnumerable<(string Service, string ConnectionString)> databases,
        CancellationToken cancellationToken)
    {
        var tables = new List<TableWrites>();
        foreach (var (service, connectionString) in databases)
        {
            tables.AddRange(await Sql.QueryAsync(connectionString,
                """
                SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, coalesce(idx_scan, 0), seq_scan
                FROM pg_stat_user_tables WHERE relname NOT LIKE '\_\_%'
                """,
                reader => new TableWrites(service, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)),
                cancellationToken));
        }

        return tables;
    }

    /// <summary>How often each index of the services' databases has been scanned, and its size, as of now.</summary>
    public static async Task<IReadOnlyList<IndexUse>> ReadIndexesAsync(IEnumerable<(string Service, string ConnectionString)> databases,
        CancellationToken cancellationToken)
    {
        var indexes = new List<IndexUse>();
        foreach (var (service, connectionString) in databases)
        {
            indexes.AddRange(await Sql.QueryAsync(connectionString,
                """
                SELECT relname, indexrelname, idx_scan, pg_relation_size(indexrelid)
                FROM pg_stat_user_indexes WHERE relname NOT LIKE '\_\_%'
                """,
                reader => new IndexUse(service, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)),
                cancellationToken));
        }

        return indexes;
    }

    /// <summary>The database name of each service's connection string → the service.</summary>
    public static Dictionary<string, string> ServicesByDatabase(IEnumerable<(string Service, string ConnectionString)> databases) =>
        databases.ToDictionary(x => new NpgsqlConnectionStringBuilder(x.ConnectionString).Database!, x => x.Service, StringComparer.Ordinal);
}
