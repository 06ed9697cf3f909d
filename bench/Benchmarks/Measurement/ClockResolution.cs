using System.Diagnostics;

namespace Saga.Benchmarks.Measurement;

/// <summary>
/// The smallest step of <see cref="TimeProvider.System"/>'s UTC clock (what the outbox stamps <c>delivered_at</c> with,
/// and what the benchmark stamps commits with), observed by reading it until it changes.
/// </summary>
public static class ClockResolution
{
    public static TimeSpan Observe(TimeProvider clock)
    {
        var smallest = TimeSpan.MaxValue;
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20;
        for (var i = 0; i < 1000 && Stopwatch.GetTimestamp() < deadline; i++)
        {
            var before = clock.GetUtcNow();
            DateTimeOffset after;
            do
                after = clock.GetUtcNow();
            while (after == before);

            var step = after - before;
            // A step back is the clock being set, not its resolution.
            if (step > TimeSpan.Zero && step < smallest)
                smallest = step;
        }

        return smallest;
    }
}
