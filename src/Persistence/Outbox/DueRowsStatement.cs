using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Sagas;

namespace Saga.Persistence.Outbox;

/// <summary>
/// A statement that reads the rows that are due, oldest first, and locks them until the transaction ends — skipping rows
/// another instance holds, so several instances share the work without waiting on each other or taking a row twice.
/// Parameters: {0} row limit, {1} now.
/// </summary>
internal static class DueRowsStatement
{
    /// <param name="condition">Given, a further condition rows must meet (a dead batch is not due, say).</param>
    public static string Build(DbContext dbContext, MappedTable table, string dueColumn, string orderBy, string? condition = null)
    {
        var due = condition is null ? $"{dueColumn} <= {{1}}" : $"{dueColumn} <= {{1}} AND {condition}";
        return dbContext.Database.ProviderName switch
        {
            SagaLockStatement.PostgreSqlProvider => $"SELECT * FROM {table.Name} WHERE {due} ORDER BY {orderBy} LIMIT {{0}} FOR UPDATE SKIP LOCKED",
            SagaLockStatement.SqlServerProvider => $"SELECT TOP ({{0}}) * FROM {table.Name} WITH (UPDLOCK, ROWLOCK, READPAST) WHERE {due} ORDER BY {orderBy}",
            // SQLite serializes writers: inside the IMMEDIATE transaction nobody else can take these rows.
            SagaLockStatement.SqliteProvider => $"SELECT * FROM {table.Name} WHERE {due} ORDER BY {orderBy} LIMIT {{0}}",
            var provider => throw new NotSupportedException($"Locking due rows is not available for the EF Core provider {provider}"),
        };
    }
}
