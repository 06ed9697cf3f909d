using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Records what each EF Core transaction sent to the database: every command's text, and a <c>SAVEPOINT</c> entry for each
/// savepoint EF Core created (those do not pass through command interceptors). Commands outside a transaction are not kept.
/// </summary>
public sealed class StatementLog : DbCommandInterceptor, IDbTransactionInterceptor
{
    public const string Savepoint = "SAVEPOINT";

    readonly ConcurrentQueue<(Guid TransactionId, string Text)> _entries = new();

    /// <summary>
    /// What was sent in each transaction that ran a statement matching <paramref name="marker"/> (the inbox claim of a
    /// consume, say), in the order it was sent, one list per transaction.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> TransactionsWith(Func<string, bool> marker)
    {
        var entries = _entries.ToArray();
        return [.. entries.Where(x => marker(x.Text)).Select(x => x.TransactionId).Distinct()
            .Select(id => (IReadOnlyList<string>)[.. entries.Where(x => x.TransactionId == id).Select(x => x.Text)])];
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) =>
        _entries.Enqueue((eventData.TransactionId, Savepoint));

    public Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        CreatedSavepoint(transaction, eventData);
        return Task.CompletedTask;
    }

    void Record(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context?.Database.CurrentTransaction is { } transaction)
            _entries.Enqueue((transaction.TransactionId, command.CommandText));
    }
}
