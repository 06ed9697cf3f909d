using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;

namespace Saga.Operations.Connection;

/// <summary>
/// An open ADO.NET connection to a service's database (the orchestrator's unless told) through the provider's own client,
/// read-only where the provider allows it unless opened for writing. Failures to connect or to find the views become one line naming the database (without credentials)
/// and the setting to check.
/// </summary>
public sealed class SagaDatabase : IAsyncDisposable
{
    readonly DbConnection _connection;
    readonly DatabaseOptions _options;
    readonly string _section;

    SagaDatabase(DbConnection connection, DatabaseOptions options, string section)
    {
        _connection = connection;
        _options = options;
        _section = section;
        Dialect = SqlDialects.For(options.Provider);
    }

    /// <summary>The SQL that differs between the providers, as the services write it.</summary>
    public ISqlDialect Dialect { get; }

    /// <summary>
    /// A view's or table's name in the configured schema. The schema is a validated plain identifier
    /// (<see cref="DatabaseSchemaName"/>), quoted as EF Core quotes it when it creates the schema.
    /// </summary>
    public string Qualify(string name) => Dialect.Qualify(_options.Schema, name);

    string Setting => _section + ":ConnectionString";

    /// <summary>The orchestrator's database (or the one <paramref name="settings"/> name), read-only.</summary>
    public static Task<SagaDatabase> OpenAsync(OperatorSettings settings, CancellationToken cancellationToken) =>
        OpenAsync(settings, writable: false, cancellationToken);

    public static Task<SagaDatabase> OpenAsync(OperatorSettings settings, bool writable, CancellationToken cancellationToken) =>
        OpenAsync(settings.Database, settings.DatabaseSection, writable, cancellationToken);

    public static Task<SagaDatabase> OpenAsync(DatabaseOptions options, CancellationToken cancellationToken) =>
        OpenAsync(options, OperatorSettings.OrchestratorDatabaseSection, writable: false, cancellationToken);

    /// <param name="section">The settings section the options came from, named in the messages.</param>
    /// <param name="writable">Whether the command writes (on SQLite the file must exist either way).</param>
    public static async Task<SagaDatabase> OpenAsync(DatabaseOptions options, string section, bool writable, CancellationToken cancellationToken)
    {
        var setting = section + ":ConnectionString";
        DbConnection connection;
        try
        {
            // SQLite: a mistyped path must not create an empty database file, so never ReadWriteCreate.
            var sqliteMode = writable ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadOnly;
            connection = options.Provider switch
            {
                DatabaseProvider.PostgreSql => new NpgsqlConnection(options.ConnectionString),
                DatabaseProvider.SqlServer => new SqlConnection(options.ConnectionString),
                _ => new SqliteConnection(new SqliteConnectionStringBuilder(options.ConnectionString) { Mode = sqliteMode }.ToString()),
            };
        }
        catch (ArgumentException e)
        {
            throw new OperationException(OperationFailure.InvalidSetting, $"invalid setting: {setting} is not a valid {options.Provider} connection string ({e.Message})", e);
        }

        try
        {
            await connection.OpenAsync(cancellationToken);
            return new SagaDatabase(connection, options, section);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new OperationException(OperationFailure.Unreachable,
                $"cannot reach the {options.Provider} database {ConnectionStringDescription.Of(options)}: {Reason(e)}; check {setting} (--connection-string)", e);
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
    /// <param name="missing">What is missing when the query names an unknown table, and how to fix it; the saga views by default.</param>
    public async Task<List<T>> ReadAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken, string? missing = null)
    {
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(read(reader));
            return rows;
        }
        catch (DbException e)
        {
            throw Failure(e, "reading", missing);
        }
    }

    /// <summary>Runs a statement that returns no rows and answers how many it changed, with the failures of <see cref="ReadAsync{T}"/>.</summary>
    public async Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken, string? missing = null)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw Failure(e, "writing to", missing);
        }
    }

    OperationException Failure(DbException exception, string doing, string? missing)
    {
        if (IsMissingView(exception) && missing is not null)
        {
            return new OperationException(OperationFailure.Unreachable,
                $"the {_options.Provider} database {ConnectionStringDescription.Of(_options)} has no {missing}" +
                $"{(_options.Schema is null ? "" : $" in schema '{_options.Schema}'")} (check {_section})", exception);
        }

        if (IsMissingView(exception))
        {
            return new OperationException(OperationFailure.Unreachable,
                $"the {_options.Provider} database {ConnectionStringDescription.Of(_options)} has no saga_overview/saga_history views" +
                $"{(_options.Schema is null ? "" : $" in schema '{_options.Schema}'")}: apply the orchestrator's migrations " +
                "(Saga.SagaOrchestrator migrate), or check Orchestrator:Database:Schema", exception);
        }

        return new OperationException(OperationFailure.Unreachable,
            $"{doing} the {_options.Provider} database {ConnectionStringDescription.Of(_options)} failed: {Reason(exception)}", exception);
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
