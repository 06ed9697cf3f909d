using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Makes concurrent copies of one message really overlap. Armed for N copies, it counts the consume attempts that begin
/// their inbox transaction, and the consumer that got in first waits — inside its transaction, holding its inbox row —
/// until all N have begun theirs. The others then block where a duplicate is supposed to wait: PostgreSQL on the inbox
/// row's key, SQLite on the write lock. Without it, consumers of a fast local database tend to run one after the other.
/// </summary>
public sealed class ContentionGate : DbTransactionInterceptor
{
    // Only reached when fewer copies arrive than the gate was armed for; the test then fails on ContendersOverlapped.
    static readonly TimeSpan _maxWait = TimeSpan.FromSeconds(10);

    readonly Lock _lock = new();
    TaskCompletionSource? _allStarted;
    int _expected;
    int _started;
    bool _overlapped;

    /// <summary>
    /// Whether every copy the gate was armed for began its transaction while the first held its own open, as the first
    /// found when it stopped waiting (copies that start later, one after the other, do not count).
    /// </summary>
    public bool ContendersOverlapped
    {
        get
        {
            lock (_lock)
                return _overlapped;
        }
    }

    /// <summary>How many consume attempts began a transaction since the gate was armed.</summary>
    public int ContendersStarted
    {
        get
        {
            lock (_lock)
                return _started;
        }
    }

    public void Arm(int contenders)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contenders, 2);
        lock (_lock)
        {
            _expected = contenders;
            _started = 0;
            _overlapped = false;
            _allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Returns at once unless armed; then when every contender has begun its transaction (or the bound passed).</summary>
    public async Task WaitForContenders(CancellationToken cancellationToken)
    {
        Task? allStarted;
        lock (_lock)
            allStarted = _allStarted?.Task;
        if (allStarted is null)
            return;

        try
        {
            await allStarted.WaitAsync(_maxWait, cancellationToken);
            lock (_lock)
                _overlapped = true;
        }
        catch (TimeoutException)
        {
            // Go on: the assertion on ContendersOverlapped reports it.
        }
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        CountContender();
        return result;
    }

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        CountContender();
        return ValueTask.FromResult(result);
    }

    void CountContender()
    {
        if (!ConsumeFlowMarker.IsConsuming)
            return;

        lock (_lock)
        {
            if (_allStarted is not null && ++_started >= _expected)
                _allStarted.TrySetResult();
        }
    }
}
