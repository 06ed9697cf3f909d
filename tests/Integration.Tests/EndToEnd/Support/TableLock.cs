using Npgsql;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// A PostgreSQL table held in ACCESS EXCLUSIVE mode by a transaction of the test's own: whoever touches the table waits,
/// inside their own open transaction, until the test lets go. It freezes a consumer between the start of its transaction
/// and its commit.
/// </summary>
public sealed class TableLock : IAsyncDisposable
{
    readonly NpgsqlConnection _connection;
    readonly string _table;
    NpgsqlTransaction? _transaction;
    IReadOnlyList<int> _waiters = [];

    TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
    {
        _connection = connection;
        _transaction = transaction;
        _table = table;
    }

    public static async Task<TableLock> AcquireAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection, transaction))
            await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction, table);
    }

    /// <summary>Waits (bounded) until another session waits for the table, and remembers which sessions do.</summary>
    public async Task WaitForWaitersAsync()
    {
        await Poll.UntilAsync(async () =>
        {
            _waiters = await Pids("SELECT pid FROM pg_locks WHERE locktype = 'relation' AND relation = to_regclass(@table) AND NOT granted",
                "table", _table);
            return _waiters.Count > 0;
        }, $"a session waits for {_table}");
    }

    /// <summary>
    /// Whether the sessions that wait for the table hold a write lock on <paramref name="table"/>: they wrote to it in the
    /// transaction that now waits, and that write is neither committed nor rolled back.
    /// </summary>
    public async Task<bool> WaitersHaveWrittenToAsync(string table)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE pid = ANY(@waiters) AND relation = to_regclass(@table) AND mode = 'RowExclusiveLock' AND granted",
            _connection, _transaction);
        command.Parameters.AddWithValue("waiters", _waiters.ToArray());
        command.Parameters.AddWithValue("table", table);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Lets go of the table: the test's transaction, which changed nothing, rolls back.</summary>
    public async Task ReleaseAsync()
    {
        if (_transaction is null)
            return;
        await _transaction.RollbackAsync();
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    /// <summary>
    /// After <see cref="ReleaseAsync"/>: waits (bounded) until the sessions that waited have ended. A session whose client
    /// died stays blocked while it waits; once it gets the table it finds its client gone and ends, rolling back.
    /// </summary>
    public Task WaitUntilWaitersEndedAsync() =>
        Poll.UntilAsync(async () => (await Pids("SELECT pid FROM pg_stat_activity WHERE pid = ANY(@waiters)", "waiters", _waiters.ToArray())).Count == 0,
            $"the sessions that waited for {_table} ended");

    async Task<IReadOnlyList<int>> Pids(string sql, string parameter, object value)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        command.Parameters.AddWithValue(parameter, value);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            pids.Add(reader.GetInt32(0));
        return pids;
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }
}
