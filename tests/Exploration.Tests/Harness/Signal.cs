namespace Saga.Exploration.Tests.Harness;

/// <summary>Wakes waiters whenever something they may be waiting for happened, so that waits end at once rather than on a poll.</summary>
public sealed class Signal
{
    readonly Lock _lock = new();
    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> with <paramref name="failure"/> once <paramref name="timeout"/> passed.</summary>
    public async Task Until(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var giveUpAt = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_lock)
                changed = _changed.Task;
            if (condition())
                return;
            var left = giveUpAt - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException(failure());
            try
            {
                // Also re-checks now and then: some conditions (a database read) change without a pulse.
                await changed.WaitAsync(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50));
            }
            catch (TimeoutException)
            {
            }
        }
    }
}
