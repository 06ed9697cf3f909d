using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Participants.Tests.Infrastructure;

/// <summary>
/// Holds the next few SaveChanges calls until all of them have arrived, so that concurrently consumed messages have all
/// read the same state before any of them writes. Without it, consumers of a fast local database tend to run one after
/// the other and a missing concurrency guard would go unnoticed.
/// </summary>
public sealed class SaveChangesBarrier : SaveChangesInterceptor
{
    // Only reached when fewer messages than expected arrive, which then fails the test on its assertions.
    private static readonly TimeSpan _maxWait = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private TaskCompletionSource? _allArrived;
    private int _waitingFor;

    /// <summary>Makes the next <paramref name="parties"/> SaveChanges calls wait for each other; later calls pass straight through.</summary>
    public void HoldNext(int parties)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);

        lock (_lock)
        {
            _waitingFor = parties;
            _allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Task? allArrived = null;
        lock (_lock)
        {
            if (_allArrived is not null)
            {
                allArrived = _allArrived.Task;
                if (--_waitingFor == 0)
                {
                    _allArrived.TrySetResult();
                    _allArrived = null;
                }
            }
        }

        if (allArrived is not null)
        {
            var completed = await Task.WhenAny(allArrived, Task.Delay(_maxWait, cancellationToken));
            if (completed != allArrived)
                Disarm();
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new InvalidOperationException("Participants save asynchronously; a synchronous SaveChanges would bypass the barrier.");

    private void Disarm()
    {
        lock (_lock)
        {
            _allArrived?.TrySetResult();
            _allArrived = null;
        }
    }
}
