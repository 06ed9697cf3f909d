using System.Diagnostics;

namespace Saga.Benchmarks.Sagas;

/// <summary>Prints, every 2 s while a driver run goes on, how many sagas started and ended, the rate and the p50 so far.</summary>
public sealed class ProgressLine : IAsyncDisposable
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    readonly CancellationTokenSource _stop = new();
    readonly Task _printing;
    LoadRun? _run;

    public ProgressLine(string label)
    {
        _printing = PrintAsync(label, _stop.Token);
    }

    public void Follow(LoadRun run) => _run = run;

    async Task PrintAsync(string label, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var lastEnded = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_run is not { } run)
                    continue;
                var sagas = run.Sagas.ToArray();
                var ended = sagas.Where(x => x.HasEnded).Select(x => x.Latency.TotalMilliseconds).Order().ToArray();
                var p50 = ended.Length == 0 ? double.NaN : ended[(ended.Length + 1) / 2 - 1];
                Console.WriteLine($"  {label} {Stopwatch.GetElapsedTime(run.StartedAt).TotalSeconds,6:0.0} s  started {sagas.Length,6}  " +
                                  $"ended {ended.Length,6}  in flight {sagas.Length - ended.Length,5}  " +
                                  $"{(ended.Length - lastEnded) / Interval.TotalSeconds,7:0.0} ended/s  p50 {p50,7:0} ms");
                lastEnded = ended.Length;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _printing;
        _stop.Dispose();
    }
}
