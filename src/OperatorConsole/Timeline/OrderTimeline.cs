using Saga.Operations.Sagas;

namespace Saga.OperatorConsole.Timeline;

/// <summary>Turns an order's transitions (in order) into its timeline: the time spent in each state entered, the longest marked.</summary>
public static class OrderTimeline
{
    public static IReadOnlyList<TimelineEntry> Of(IReadOnlyList<SagaTransition> history, DateTime now)
    {
        var times = new TimeSpan?[history.Count];
        for (var i = 0; i < history.Count; i++)
        {
            if (i + 1 < history.Count)
                times[i] = Positive(history[i + 1].OccurredAt - history[i].OccurredAt);
            // The last state: still running up while the order is in flight; a final state is where it rests, not a wait.
            else if (!SagaStates.Final.Contains(history[i].ToState))
                times[i] = Positive(now - history[i].OccurredAt);
        }

        var longest = times.Max() ?? TimeSpan.Zero;
        var slowest = longest > TimeSpan.Zero ? Array.IndexOf(times, longest) : -1;
        return
        [
            .. history.Select((transition, i) => new TimelineEntry(
                transition,
                times[i],
                Current: i == history.Count - 1 && times[i] is not null,
                Slowest: i == slowest,
                Share: times[i] is { } time && longest > TimeSpan.Zero ? time / longest : 0)),
        ];
    }

    // Clocks of several orchestrator instances may disagree by a little: a negative wait reads as none.
    static TimeSpan Positive(TimeSpan time) => time < TimeSpan.Zero ? TimeSpan.Zero : time;
}
