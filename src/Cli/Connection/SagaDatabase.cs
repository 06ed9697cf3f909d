using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Saga.Hosting.Database;

namespace Saga.Cli.Connection;

/// <summary>
/// An open ADO.NET connection to the orchestrator's database through the provider's own client, read-only where the
/// provider allows it. Failures to connect or to find the views become one line naming the database (without credentials)
/// and the setting to check.
/// </summary>
public sealed class SagaDatabase : IAsyncDisposable
{
    const string Setting = CliSettings.DatabaseSection + ":ConnectionString";

    readonly DbConnection _connection;
    readonly DatabaseOptions _options;

    SagaDatabase(DbConnection connection, DatabaseOptions options)
    {
        _connection = connection;
        _options = options;
        Dialect = new SqlDialect(options.Provider, options.Schema);
    }

    public SqlDialect Dialect { get; }

    public static async Task<SagaDatabase> OpenAsync(DatabaseOptions options, CancellationToken cancellationToken)
    {
        DbConnection connection;
        try
        {
            connection = options.Provider switch
            {
                DatabaseProvider.PostgreSql => new NpgsqlConnection(options.ConnectionString),
                DatabaseProvider.SqlServer => new SqlConnection(options.ConnectionString),
                // Read-only: a mistyped path must not create an empty database file, and the CLI never writes.
                _ => new SqliteConnection(new SqliteConnectionStringBuilder(options.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString()),
            };
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Usage, $"invalid setting: {Setting} is not a valid {options.Provider} connection string ({e.Message})", e);
        }

        try
        {
            await connection.OpenAsync(cancellationToken);
            return new SagaDatabase(connection, options);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new CliException(ExitCodes.Unreachable,
                $"cannot reach the {options.Provider} database {ConnectionStringDescription.Of(options)}: {Reason(e)}; check {Setting} (--connection-string)", e);
        }
    }

    /// <summary>A command with <paramref name="sql"/> and its parameters (values always travel as parameters).</summary>
    public DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs <paramref name="read"/> over the rows of <paramref name="command"/>, turning a missing view into its explanation.</summary>
    public async Task<List<T>> ReadAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(read(reader));
            return rows;
        }
        catch (DbException e) when (IsMissingView(e))
        {
            throw new CliException(ExitCodes.Unreachable,
                $"the {_options.Provider} database {ConnectionStringDescription.Of(_options)} has no saga_overview/saga_history views" +
                $"{(_options.Schema is null ? "" : $" in schema '{_options.Schema}'")}: apply the orchestrator's migrations " +
                "(Saga.SagaOrchestrator migrate), or check Orchestrator:Database:Schema", e);
        }
        catch (DbException e)
        {
            throw new CliException(ExitCodes.Unreachable,
                $"reading the {_options.Provider} database {ConnectionStringDescription.Of(_options)} failed: {Reason(e)}", e);
        }
    }

    static bool IsMissingView(DbException exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UndefinedTable,
        SqlException sql => sql.Number == 208,
        SqliteException sqlite => sqlite.Message.Contains("no such table", StringComparison.Ordinal),
        _ => false,
    };

    // The innermost message says what went wrong (connection refused, unknown host, no such file); messages carry no passwords.
    static string Reason(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null && inner is not PostgresException)
            inner = inner.InnerException;
        return inner.Message.Split('\n', 2)[0].Trim().TrimEnd('.');
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
