using Npgsql;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// PostgreSQL's transaction counters: committed transactions of the services' databases (<c>pg_stat_database.xact_commit</c>,
/// summed; backends report them up to ~10 s late when idle, and read-only transactions such as the outbox's polls count
/// too) and the cluster's next transaction id (assigned only to transactions that write, at once).
/// </summary>
public readonly record struct DatabaseCounters(long Commits, long NextTransactionId)
{
    public static async Task<DatabaseCounters> ReadAsync(SagaSystem system, CancellationToken cancellationToken)
    {
        var names = system.Databases.Select(x => new NpgsqlConnectionStringBuilder(x.ConnectionString).Database!).ToArray();
        var commits = await Sql.ScalarAsync<long>(system.OrchestratorDatabase,
            "SELECT coalesce(sum(xact_commit), 0)::bigint FROM pg_stat_database WHERE datname = ANY($1)", cancellationToken, [names]);
        var nextId = await Sql.ScalarAsync<long>(system.OrchestratorDatabase,
            "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", cancellationToken);
        return new DatabaseCounters(commits, nextId);
    }

    public static DatabaseCounters operator -(DatabaseCounters after, DatabaseCounters before) =>
        new(after.Commits - before.Commits, after.NextTransactionId - before.NextTransactionId);
}
