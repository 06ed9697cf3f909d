namespace Saga.TestInfrastructure;

/// <summary>
/// How a <see cref="PostgreSqlTestCluster"/> is configured when it is made. The default is fast rather than durable
/// (fsync, synchronous commit and full-page writes off), which is what tests want; a benchmark can ask for a server as
/// production runs it, and for every statement in the server log.
/// </summary>
public sealed record PostgreSqlClusterOptions
{
    public static PostgreSqlClusterOptions Default { get; } = new();

    /// <summary>
    /// <c>fsync = on</c>, <c>synchronous_commit = on</c>, <c>full_page_writes = on</c> and <c>wal_level = replica</c>
    /// (PostgreSQL's own defaults): every commit waits for its WAL to reach the disk.
    /// </summary>
    public bool Durable { get; init; }

    /// <summary>
    /// <c>log_statement = all</c> with <see cref="PostgreSqlTestCluster.StatementLogLinePrefix"/>: every statement the
    /// server runs is written to <see cref="PostgreSqlTestCluster.LogFile"/>.
    /// </summary>
    public bool LogStatements { get; init; }

    /// <summary>
    /// Loads <c>pg_stat_statements</c> (<c>shared_preload_libraries</c>, with <c>track_io_timing</c> on) and creates the
    /// extension in the <c>postgres</c> database, whose <c>pg_stat_statements</c> view shows the statements of every
    /// database (by <c>dbid</c>) to the superuser: time, rows, blocks and WAL per normalised statement.
    /// </summary>
    public bool StatementStatistics { get; init; }
}
