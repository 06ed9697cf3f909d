using Npgsql;

namespace Saga.SagaHarness.Database;

/// <summary>Plain SQL against one of the services' databases: what an operator (or a benchmark or test) reads and writes directly.</summary>
public static class Sql
{
    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        return (T)Convert.ChangeType(await command.ExecuteScalarAsync(cancellationToken), typeof(T), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    public static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> row,
        CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(row(reader));
        return rows;
    }

    /// <summary>Positional parameters: <c>$1</c>, <c>$2</c>, … in the order given.</summary>
    static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }
}
