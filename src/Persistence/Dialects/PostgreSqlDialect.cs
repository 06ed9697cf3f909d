using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Dialects;

/// <summary>PostgreSQL through Npgsql: row locks with <c>FOR UPDATE</c>, writers run side by side.</summary>
public sealed class PostgreSqlDialect : ISqlDialect
{
    public static PostgreSqlDialect Instance { get; } = new();

    PostgreSqlDialect()
    {
    }

    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public string EntityFrameworkProvider => "Npgsql.EntityFrameworkCore.PostgreSQL";

    public string LockRow(string? schema, string table, string keyColumn) =>
        $"SELECT * FROM {Schema(schema)}\"{table}\" WHERE \"{keyColumn}\" = {{0}} FOR UPDATE";

    // The unique key makes a concurrent duplicate wait for the first insert's transaction.
    public string InsertUnlessPresent(string table, string columns, string values, string sameKey) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING";

    public string LockRows(string table, string condition, string orderBy) =>
        $"SELECT * FROM {table} WHERE {condition} ORDER BY {orderBy} LIMIT {{0}} FOR UPDATE SKIP LOCKED";

    // clock_timestamp, not now(): the time of the read, not of the transaction's start.
    public string DeleteFromKeyStart(string table, string keyColumn, string condition) =>
        $"DELETE FROM {table} WHERE {keyColumn} IN (SELECT {keyColumn} FROM {table} ORDER BY {keyColumn} LIMIT {{0}}) AND {condition}";

    public string ReadClock => "SELECT clock_timestamp() AT TIME ZONE 'UTC' AS \"Value\"";

    public Task<IDisposable> EnterWriteAsync(DbContext dbContext, CancellationToken cancellationToken) => UnqueuedWrite.Entered;

    public string Qualify(string? schema, string name) => $"{Schema(schema)}{name}";

    public string UtcNow => "now()";

    public string UpdateReturning(string table, string set, string where, string column) =>
        $"UPDATE {table} SET {set} WHERE {where} RETURNING {column}";

    public string Page => "LIMIT @take OFFSET @skip";

    public string TruncateToMinute(string column) => $"date_trunc('minute', {column})";

    // The wire protocol counts parameters in 16 bits.
    public int MaxParameters => 65535;

    public object Id(Guid id) => id;

    static string Schema(string? schema) => schema is null ? "" : $"\"{schema}\".";
}
