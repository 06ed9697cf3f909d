using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Sees every statement that records delivered outbox batches (the one that deletes batch rows by id and lease): how many
/// batches each covered and whether it ran in a transaction; and, armed, fails the next one before it reaches the
/// database, as a lost connection would.
/// </summary>
public sealed class DeliveryRecordLog : DbCommandInterceptor
{
    readonly ConcurrentQueue<int> _records = new();
    readonly ConcurrentDictionary<DbTransaction, bool> _transactions = new();
    int _failed;
    int _failNext;

    /// <summary>The batch count of each record statement that ran, in order (ids and leases are two of its parameters per batch).</summary>
    public IReadOnlyList<int> BatchesPerRecord => [.. _records];

    /// <summary>Record statements that ran outside a transaction; always 0 when the rules hold.</summary>
    public int OutsideTransaction { get; private set; }

    /// <summary>The distinct transactions the record statements ran in.</summary>
    public int Transactions => _transactions.Count;

    /// <summary>Record statements failed on purpose.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>The next record statement throws instead of running.</summary>
    public void FailNext() => Volatile.Write(ref _failNext, 1);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Inspect(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Inspect(command);
        return result;
    }

    void Inspect(DbCommand command)
    {
        if (!IsRecord(command.CommandText))
            return;
        if (Interlocked.Exchange(ref _failNext, 0) == 1)
        {
            Interlocked.Increment(ref _failed);
            throw new InvalidOperationException("Simulated loss of the connection while recording deliveries");
        }

        if (command.Transaction is null)
            OutsideTransaction++;
        else
            _transactions.TryAdd(command.Transaction, true);
        // One "(id = … AND lease_id = …)" per batch in the first statement.
        var batches = command.CommandText[..command.CommandText.IndexOf(';')].Split(" AND ").Length - 1;
        _records.Enqueue(batches);
    }

    static bool IsRecord(string sql) =>
        sql.StartsWith("DELETE FROM", StringComparison.Ordinal) && sql.Contains("outbox_batches", StringComparison.Ordinal)
                                                                && sql.Contains("lease", StringComparison.OrdinalIgnoreCase);
}
