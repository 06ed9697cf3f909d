using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Dialects;

/// <summary>
/// SQLite: one writer at a time. Its transactions begin IMMEDIATE (Microsoft.Data.Sqlite's default), taking the write lock
/// for the whole file, so plain reads and inserts need no lock hints; there are no schemas.
/// </summary>
public sealed class SqliteDialect : ISqlDialect
{
    const string Now = "strftime('%Y-%m-%d %H:%M:%f', 'now')";

    public static SqliteDialect Instance { get; } = new();

    SqliteDialect()
    {
    }

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string EntityFrameworkProvider => "Microsoft.EntityFrameworkCore.Sqlite";

    public string LockRow(string? schema, string table, string keyColumn) => $"SELECT * FROM \"{table}\" WHERE \"{keyColumn}\" = {{0}}";

    public string InsertUnlessPresent(string table, string columns, string values, string sameKey) =>
        $"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({values})";

    public string LockRows(string table, string condition, string orderBy) =>
        $"SELECT * FROM {table} WHERE {condition} ORDER BY {orderBy} LIMIT {{0}}";

    // An embedded database: its clock is this machine's.
    public string DeleteFromKeyStart(string table, string keyColumn, string condition) =>
        $"DELETE FROM {table} WHERE {keyColumn} IN (SELECT {keyColumn} FROM {table} ORDER BY {keyColumn} LIMIT {{0}}) AND {condition}";

    public string ReadClock => $"SELECT {Now} AS \"Value\"";

    public Task<IDisposable> EnterWriteAsync(DbContext dbContext, CancellationToken cancellationToken) =>
        SqliteWriteGate.EnterAsync(dbContext, cancellationToken);

    public string Qualify(string? schema, string name) => name;

    // Text, as EF Core stores a DateTime here.
    public string UtcNow => Now;

    public string UpdateReturning(string table, string set, string where, string column) =>
        $"UPDATE {table} SET {set} WHERE {where} RETURNING {column}";

    public string Page => "LIMIT @take OFFSET @skip";

    public string TruncateToMinute(string column) => $"strftime('%Y-%m-%d %H:%M:00', {column})";

    // SQLITE_MAX_VARIABLE_NUMBER of the bundled SQLite (3.32 and later).
    public int MaxParameters => 32766;

    // EF Core keeps Guids as upper-case text here.
    public object Id(Guid id) => id.ToString("D").ToUpperInvariant();
}
