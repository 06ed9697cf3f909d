using Microsoft.Data.Sqlite;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;
using Saga.Settings.Transport;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// The broker and the database a run uses: by default a private RabbitMQ node and PostgreSQL cluster started from the
/// machine's packages (as the tests start them) or a SQLite file of its own; otherwise the servers the options name.
/// Disposing stops what was started here and deletes what was created here.
/// </summary>
public sealed class BenchmarkServers : IAsyncDisposable
{
    readonly RabbitMqTestNode? _rabbitMq;
    readonly PostgreSqlTestCluster? _postgreSql;
    readonly string? _sqliteFile;

    BenchmarkServers(RabbitMqTestNode? rabbitMq, PostgreSqlTestCluster? postgreSql, string? sqliteFile, Uri amqpUri, DatabaseOptions database)
    {
        _rabbitMq = rabbitMq;
        _postgreSql = postgreSql;
        _sqliteFile = sqliteFile;
        AmqpUri = amqpUri;
        Database = database;
        Transport = new TransportOptions { Kind = TransportKind.RabbitMq, RabbitMq = RabbitMqSettings(amqpUri) };
    }

    /// <summary>The broker, credentials included (for the plain AMQP client that prepares the queue).</summary>
    public Uri AmqpUri { get; }

    public TransportOptions Transport { get; }

    public DatabaseOptions Database { get; }

    /// <summary>Whether the servers are the private, non-durable ones (fsync off on PostgreSQL).</summary>
    public bool ArePrivate => _rabbitMq is not null && (_postgreSql is not null || _sqliteFile is not null);

    public static async Task<BenchmarkServers> StartAsync(OutboxLagOptions options, CancellationToken cancellationToken)
    {
        RabbitMqTestNode? rabbitMq = null;
        PostgreSqlTestCluster? postgreSql = null;
        try
        {
            (rabbitMq, postgreSql) = await PrivateServers.StartAsync(options.RabbitMqUri is null,
                options is { Provider: DatabaseProvider.PostgreSql, PostgreSqlConnectionString: null }, cancellationToken);

            var amqpUri = options.RabbitMqUri ?? rabbitMq!.AmqpUri;
            string? sqliteFile = null;
            string connectionString;
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                sqliteFile = Path.Combine(Path.GetTempPath(), $"saga-bench-outbox-lag-{Guid.NewGuid():N}.db");
                connectionString = new SqliteConnectionStringBuilder { DataSource = sqliteFile }.ConnectionString;
            }
            else
            {
                connectionString = options.PostgreSqlConnectionString ?? await postgreSql!.CreateDatabaseAsync("outbox_lag", cancellationToken);
            }

            return new BenchmarkServers(rabbitMq, postgreSql, sqliteFile, amqpUri,
                new DatabaseOptions { Provider = options.Provider, ConnectionString = connectionString });
        }
        catch
        {
            await PrivateServers.StopAsync(rabbitMq, postgreSql);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await PrivateServers.StopAsync(_rabbitMq, _postgreSql);
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm", _sqliteFile + "-journal" })
                File.Delete(file);
        }
    }

    /// <summary>The services' RabbitMQ settings for an AMQP URI, so the bus is set up exactly as the services set it up.</summary>
    static RabbitMqOptions RabbitMqSettings(Uri uri)
    {
        var credentials = uri.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var tls = uri.Scheme == "amqps";
        return new RabbitMqOptions
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 5671 : 5672) : uri.Port,
            VirtualHost = virtualHost.Length == 0 ? "/" : virtualHost,
            Username = Uri.UnescapeDataString(credentials[0]),
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "",
            UseTls = tls,
        };
    }
}
