using Npgsql;

namespace Saga.TestInfrastructure.Tests;

[TestFixture]
public sealed class PostgreSqlClusterOptionsTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task A_durable_cluster_runs_as_production_does_and_the_default_one_does_not(CancellationToken cancellationToken)
    {
        await using var durable = await PostgreSqlTestCluster.StartAsync(new PostgreSqlClusterOptions { Durable = true }, cancellationToken);

        var durableSettings = await SettingsAsync(durable, cancellationToken);
        var defaultSettings = await SettingsAsync(TestServers.PostgreSql, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(durableSettings, Is.EqualTo("on on on replica"), "fsync, synchronous_commit, full_page_writes, wal_level");
            Assert.That(defaultSettings, Is.EqualTo("off off off minimal"));
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task A_cluster_that_logs_statements_writes_each_with_its_database_to_the_log_file(CancellationToken cancellationToken)
    {
        await using var cluster = await PostgreSqlTestCluster.StartAsync(new PostgreSqlClusterOptions { LogStatements = true }, cancellationToken);
        var database = await cluster.CreateDatabaseAsync("logged_statements", cancellationToken);
        var marker = "marker_" + Guid.NewGuid().ToString("N");

        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT '{marker}'", connection);
            await command.ExecuteScalarAsync(cancellationToken);
        }

        var line = File.ReadLines(cluster.LogFile).SingleOrDefault(x => x.Contains(marker, StringComparison.Ordinal));
        Assert.That(line, Does.Match(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \S+ \[\d+\] logged_statements LOG:  (statement|execute [^:]+): SELECT 'marker_"));
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task A_cluster_with_statement_statistics_counts_each_databases_statements_in_the_admin_database(CancellationToken cancellationToken)
    {
        await using var cluster = await PostgreSqlTestCluster.StartAsync(new PostgreSqlClusterOptions { StatementStatistics = true }, cancellationToken);
        var database = await cluster.CreateDatabaseAsync("counted_statements", cancellationToken);
        var marker = "marker_" + Guid.NewGuid().ToString("N");

        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(cancellationToken);
            for (var i = 0; i < 3; i++)
            {
                await using var command = new NpgsqlCommand($"SELECT 1 AS {marker}", connection);
                await command.ExecuteScalarAsync(cancellationToken);
            }
        }

        await using var admin = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await admin.OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand(
            "SELECT d.datname || ' ' || s.calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE s.query LIKE $1",
            admin);
        read.Parameters.Add(new NpgsqlParameter { Value = $"%{marker}%" });
        Assert.That(await read.ExecuteScalarAsync(cancellationToken), Is.EqualTo("counted_statements 3"));
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task The_default_cluster_does_not_load_statement_statistics(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgreSql.ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('shared_preload_libraries')", connection);
        Assert.That(await command.ExecuteScalarAsync(cancellationToken), Does.Not.Contain("pg_stat_statements"));
    }

    private static async Task<string> SettingsAsync(PostgreSqlTestCluster cluster, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT concat_ws(' ', current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'), current_setting('wal_level'))",
            connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
