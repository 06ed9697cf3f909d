using Npgsql;

namespace Saga.TestInfrastructure.Tests;

[TestFixture]
public sealed class PostgreSqlTestClusterTests
{
    private static PostgreSqlTestCluster Cluster => TestServers.PostgreSql;

    [Test]
    [CancelAfter(60_000)]
    public async Task Two_created_databases_are_separate(CancellationToken cancellationToken)
    {
        var first = await Cluster.CreateDatabaseAsync(cancellationToken: cancellationToken);
        var second = await Cluster.CreateDatabaseAsync(cancellationToken: cancellationToken);
        await ExecuteAsync(first, "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1), (2);", cancellationToken);

        var firstName = await ScalarAsync<string>(first, "SELECT current_database()", cancellationToken);
        var secondName = await ScalarAsync<string>(second, "SELECT current_database()", cancellationToken);
        var ordersInFirst = await ScalarAsync<long>(first, "SELECT count(*) FROM orders", cancellationToken);
        var ordersTableInSecond = await ScalarAsync<object>(second, "SELECT to_regclass('orders')::text", cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstName, Does.StartWith("saga_test_"));
            Assert.That(secondName, Does.StartWith("saga_test_").And.Not.EqualTo(firstName));
            Assert.That(ordersInFirst, Is.EqualTo(2));
            Assert.That(ordersTableInSecond, Is.EqualTo(DBNull.Value));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_named_database_gets_that_name(CancellationToken cancellationToken)
    {
        var name = "named_" + Guid.NewGuid().ToString("N");

        var connectionString = await Cluster.CreateDatabaseAsync(name, cancellationToken);

        Assert.That(new NpgsqlConnectionStringBuilder(connectionString).Database, Is.EqualTo(name));
        Assert.That(await ScalarAsync<string>(connectionString, "SELECT current_database()", cancellationToken), Is.EqualTo(name));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Dropping_a_database_with_open_connections_removes_it(CancellationToken cancellationToken)
    {
        var connectionString = await Cluster.CreateDatabaseAsync(cancellationToken: cancellationToken);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync(cancellationToken);

        await Cluster.DropDatabaseAsync(name, cancellationToken);

        var stillThere = await ScalarAsync<long>(
            Cluster.ConnectionString("postgres"), $"SELECT count(*) FROM pg_database WHERE datname = '{name}'", cancellationToken);
        Assert.That(stillThere, Is.Zero);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_user_is_a_random_superuser_with_a_password(CancellationToken cancellationToken)
    {
        var isSuperuser = await ScalarAsync<bool>(
            Cluster.ConnectionString("postgres"), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", cancellationToken);
        var wrongPassword = new NpgsqlConnectionStringBuilder(Cluster.ConnectionString("postgres")) { Password = "wrong", Pooling = false };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cluster.Username, Is.Not.EqualTo("postgres"));
            Assert.That(Cluster.Password, Has.Length.AtLeast(20));
            Assert.That(isSuperuser, Is.True);
        }

        var refused = Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var connection = new NpgsqlConnection(wrongPassword.ConnectionString);
            await connection.OpenAsync(cancellationToken);
        });
        Assert.That(refused.SqlState, Is.EqualTo(PostgresErrorCodes.InvalidPassword));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_server_is_private_and_tuned_for_tests(CancellationToken cancellationToken)
    {
        var connectionString = Cluster.ConnectionString("postgres");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cluster.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(await ScalarAsync<string>(connectionString, "SHOW data_directory", cancellationToken), Is.EqualTo(Cluster.DataDirectory));
            Assert.That(await ScalarAsync<string>(connectionString, "SHOW listen_addresses", cancellationToken), Is.EqualTo("127.0.0.1"));
            Assert.That(await ScalarAsync<string>(connectionString, "SHOW unix_socket_directories", cancellationToken), Is.EqualTo(Cluster.SocketDirectory));
            Assert.That(await ScalarAsync<string>(connectionString, "SHOW fsync", cancellationToken), Is.EqualTo("off"));
            Assert.That(await ScalarAsync<string>(connectionString, "SHOW synchronous_commit", cancellationToken), Is.EqualTo("off"));
            Assert.That(await ScalarAsync<string>(connectionString, "SHOW full_page_writes", cancellationToken), Is.EqualTo("off"));
            Assert.That(await ScalarAsync<string>(connectionString, "SHOW max_connections", cancellationToken), Is.EqualTo("500"), "room for every pooled connection of a whole test run");
            Assert.That(Cluster.DataDirectory, Does.StartWith(Cluster.RootDirectory));
            Assert.That(Cluster.BinDirectory, Does.Match(@"^/usr/lib/postgresql/[0-9.]+/bin$"));
        }
    }

    [Test]
    public void Connection_strings_carry_error_detail_and_the_credentials()
    {
        var builder = new NpgsqlConnectionStringBuilder(Cluster.ConnectionString("some_db"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(builder.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(builder.Port, Is.EqualTo(Cluster.Port));
            Assert.That(builder.Username, Is.EqualTo(Cluster.Username));
            Assert.That(builder.Password, Is.EqualTo(Cluster.Password));
            Assert.That(builder.Database, Is.EqualTo("some_db"));
            Assert.That(builder.IncludeErrorDetail, Is.True);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Many_connections_can_be_open_at_once(CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await Cluster.CreateDatabaseAsync(cancellationToken: cancellationToken))
        {
            Pooling = false,
        }.ConnectionString;
        var connections = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < 120; i++)
            {
                var connection = new NpgsqlConnection(connectionString);
                connections.Add(connection);
                await connection.OpenAsync(cancellationToken);
            }

            Assert.That(connections.Select(c => c.FullState), Is.All.EqualTo(System.Data.ConnectionState.Open));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
