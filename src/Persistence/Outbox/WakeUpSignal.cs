using System.Threading.Channels;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Wakes a background loop before its next poll. Signals that arrive while the loop is busy collapse into one, so a burst
/// of commits costs one extra pass, not one per commit.
/// </summary>
public abstract class WakeUpSignal
{
    readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _pending.Writer.TryWrite(true);

    /// <summary>Returns when signalled or when <paramref name="timeout"/> passed, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
            return;

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _pending.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The time is up: the caller looks for work nobody signalled.
        }
    }
}
