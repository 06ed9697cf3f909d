using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Transitions;

/// <summary>How long one context's saga transition history is kept, and how its cleanup deletes the rest.</summary>
public sealed class TransitionHistoryOptions<TDbContext>
    where TDbContext : DbContext
{
    /// <summary>
    /// How long a transition stays in the history. <see cref="Timeout.InfiniteTimeSpan"/> (<c>-00:00:00.001</c> in
    /// settings) keeps every transition and runs no cleanup.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often cleanup runs.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows one delete statement reads and removes at most, so that no statement locks a large part of the table.</summary>
    public int CleanupBatchSize { get; set; } = 1000;

    /// <summary>
    /// Statements one cleanup pass runs at most; the rest waits for the next interval, so that a backlog (a first run
    /// over a long history, or a shortened retention) is worked off in bounded passes rather than in one long one.
    /// </summary>
    public int MaxBatchesPerPass { get; set; } = 100;

    /// <summary>Whether transitions are ever deleted.</summary>
    public bool KeepsEverything => Retention == Timeout.InfiniteTimeSpan;
}
