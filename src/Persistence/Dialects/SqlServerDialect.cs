using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Dialects;

/// <summary>SQL Server: row locks with table hints, writers run side by side.</summary>
public sealed class SqlServerDialect : ISqlDialect
{
    public static SqlServerDialect Instance { get; } = new();

    SqlServerDialect()
    {
    }

    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public string EntityFrameworkProvider => "Microsoft.EntityFrameworkCore.SqlServer";

    public string LockRow(string? schema, string table, string keyColumn) =>
        $"SELECT * FROM {Schema(schema)}[{table}] WITH (UPDLOCK, ROWLOCK) WHERE [{keyColumn}] = {{0}}";

    // The range lock taken by the existence check makes a concurrent duplicate wait, as PostgreSQL's unique index does.
    public string InsertUnlessPresent(string table, string columns, string values, string sameKey) =>
        $"INSERT INTO {table} ({columns}) SELECT {values} " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {sameKey})";

    public string LockRows(string table, string condition, string orderBy) =>
        $"SELECT TOP ({{0}}) * FROM {table} WITH (UPDLOCK, ROWLOCK, READPAST) WHERE {condition} ORDER BY {orderBy}";

    public string DeleteFromKeyStart(string table, string keyColumn, string condition) =>
        $"DELETE FROM {table} WHERE {keyColumn} IN (SELECT TOP ({{0}}) {keyColumn} FROM {table} ORDER BY {keyColumn}) AND {condition}";

    public string ReadClock => "SELECT SYSUTCDATETIME() AS [Value]";

    public Task<IDisposable> EnterWriteAsync(DbContext dbContext, CancellationToken cancellationToken) => UnqueuedWrite.Entered;

    public string Qualify(string? schema, string name) => $"{Schema(schema)}{name}";

    public string UtcNow => "SYSUTCDATETIME()";

    public string UpdateReturning(string table, string set, string where, string column) =>
        $"UPDATE {table} SET {set} OUTPUT inserted.{column} WHERE {where}";

    public string Page => "OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY";

    public string TruncateToMinute(string column) => $"DATEADD(minute, DATEDIFF(minute, 0, {column}), 0)";

    // SQL Server refuses a request with more than 2100 parameters.
    public int MaxParameters => 2100;

    public object Id(Guid id) => id;

    static string Schema(string? schema) => schema is null ? "" : $"[{schema}].";
}
