using System.Diagnostics;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// Hands out the units of work of one phase to the writers: a fixed number, or as many as fit in a duration, each
/// with its due time when a target rate is set. A writer that is late starts at once; the lag is measured from the
/// commit, so lateness shows in the achieved rate, not in the lag.
/// </summary>
public sealed class CommitSchedule
{
    readonly long _commitLimit;
    readonly TimeSpan? _duration;
    readonly TimeSpan _interval;
    long _next = -1;
    long _startedAt;

    public CommitSchedule(long? commits, TimeSpan? duration, double? commitsPerSecond)
    {
        _commitLimit = commits ?? long.MaxValue;
        _duration = duration;
        _interval = commitsPerSecond is { } rate ? TimeSpan.FromSeconds(1 / rate) : TimeSpan.Zero;
    }

    public void Start() => _startedAt = Stopwatch.GetTimestamp();

    /// <summary>The next unit of work's number, or false when the phase is over.</summary>
    public bool TryTake(out long sequence)
    {
        sequence = Interlocked.Increment(ref _next);
        return sequence < _commitLimit && (_duration is not { } duration || Stopwatch.GetElapsedTime(_startedAt) < duration);
    }

    public async Task WaitForTurnAsync(long sequence, CancellationToken cancellationToken)
    {
        if (_interval == TimeSpan.Zero)
            return;

        var wait = _interval * sequence - Stopwatch.GetElapsedTime(_startedAt);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, cancellationToken);
    }
}
