using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// The client backends open on a phase's databases, per service: the connections its pools hold (Npgsql keeps an idle
/// one for 5 minutes, so right after the window this is about the most each service had open).
/// </summary>
public static class PostgreSqlBackends
{
    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(PostgreSqlTestCluster cluster, SagaSystem system,
        CancellationToken cancellationToken)
    {
        var services = system.Databases.ToDictionary(x => new Npgsql.NpgsqlConnectionStringBuilder(x.ConnectionString).Database!, x => x.Service,
            StringComparer.Ordinal);
        var rows = await Sql.QueryAsync(cluster.ConnectionString("postgres"),
            "SELECT datname, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = ANY($1) GROUP BY datname",
            reader => (Database: reader.GetString(0), Count: reader.GetInt64(1)), cancellationToken, [services.Keys.ToArray()]);
        return rows.ToDictionary(x => services[x.Database], x => x.Count, StringComparer.Ordinal);
    }
}
