using System.Collections.Concurrent;
using System.Diagnostics;

namespace Saga.Benchmarks.Sagas;

/// <summary>The sagas one driver run started, as they are started (readable by the progress line meanwhile).</summary>
public sealed class LoadRun(long startedAt)
{
    readonly ConcurrentQueue<RunningSaga> _sagas = new();

    /// <summary>When the run began (a <see cref="Stopwatch"/> timestamp): the start of the measured window.</summary>
    public long StartedAt { get; } = startedAt;

    /// <summary>How much later than its schedule the open loop started a saga, at most.</summary>
    public TimeSpan MaxStartLateness { get; set; }

    /// <summary>In the open loop, the most sagas in flight (started, not ended) seen at a start.</summary>
    public int MaxInFlight { get; set; }

    /// <summary>When the last saga of the run was started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long LastStartedAt => _sagas.Select(x => x.StartedAt).DefaultIfEmpty(StartedAt).Max();

    public IReadOnlyCollection<RunningSaga> Sagas => _sagas;

    public void Add(RunningSaga saga) => _sagas.Enqueue(saga);

    /// <summary>When the last of the run's sagas ended; the end of the measured window.</summary>
    public long LastEndedAt => _sagas.Where(x => x.HasEnded).Select(x => x.EndedAt).DefaultIfEmpty(StartedAt).Max();

    public TimeSpan Window => Stopwatch.GetElapsedTime(StartedAt, LastEndedAt);

    /// <summary>Waits (bounded) until every saga of the run has ended; false if some had not by then.</summary>
    public async Task<bool> WaitUntilAllEndedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_sagas.Select(x => x.Ended)).WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
