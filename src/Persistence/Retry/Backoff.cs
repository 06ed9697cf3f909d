namespace Saga.Persistence.Retry;

/// <summary>The pause before trying again after failures: 100 ms, doubled per failure, up to a longest pause.</summary>
public static class Backoff
{
    static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The first pause doubled <paramref name="doublings"/> times, but no longer than <paramref name="longest"/>. More
    /// than 20 doublings count as 20 (29 hours), past any sensible longest pause.
    /// </summary>
    public static TimeSpan Delay(int doublings, TimeSpan longest)
    {
        var delay = First * Math.Pow(2, Math.Clamp(doublings, 0, 20));
        return delay < longest ? delay : longest;
    }
}
