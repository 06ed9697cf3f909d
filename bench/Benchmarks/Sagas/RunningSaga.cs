using System.Diagnostics;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// A submitted order as the driver sees it: when its SubmitOrder publish started and when the first terminal event
/// for it arrived (both <see cref="Stopwatch"/> timestamps of this process), and which event that was.
/// </summary>
public sealed class RunningSaga(PlannedOrder plan, long startedAt)
{
    readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PlannedOrder Plan { get; } = plan;

    public long StartedAt { get; } = startedAt;

    public long EndedAt { get; private set; }

    /// <summary>The terminal event's message type (<c>OrderCompleted</c>, …); null while the saga runs.</summary>
    public string? TerminalEvent { get; private set; }

    public Task Ended => _ended.Task;

    public bool HasEnded => TerminalEvent is not null;

    public TimeSpan Latency => Stopwatch.GetElapsedTime(StartedAt, EndedAt);

    /// <summary>Records the terminal event; false when one was recorded before (a duplicate).</summary>
    public bool End(string terminalEvent, long at)
    {
        lock (_ended)
        {
            if (TerminalEvent is not null)
                return false;
            EndedAt = at;
            TerminalEvent = terminalEvent;
        }

        _ended.TrySetResult();
        return true;
    }
}
