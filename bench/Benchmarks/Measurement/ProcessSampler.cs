namespace Saga.Benchmarks.Measurement;

/// <summary>
/// Reads each group's memory and CPU once a second in the background, to catch the highest resident memory of a window;
/// the window's start and end are read exactly when they happen, so its CPU seconds do not depend on the sampling.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    readonly IReadOnlyList<ProcessGroup> _groups;
    readonly CancellationTokenSource _stop = new();
    readonly Lock _gate = new();
    readonly Task _sampling;
    ProcessReading[]? _start;
    long[]? _peaks;

    public ProcessSampler(IReadOnlyList<ProcessGroup> groups)
    {
        _groups = groups;
        _sampling = SampleAsync(_stop.Token);
    }

    public void BeginWindow()
    {
        var now = ReadAll();
        lock (_gate)
        {
            _start = now;
            _peaks = [.. now.Select(x => x.RssBytes)];
        }
    }

    public IReadOnlyList<ProcessUsage> EndWindow()
    {
        var now = ReadAll();
        lock (_gate)
        {
            var start = _start ?? throw new InvalidOperationException("no window was begun");
            var peaks = _peaks!;
            _start = null;
            return [.. _groups.Select((group, i) => new ProcessUsage(group.Name, start[i].RssBytes, Math.Max(peaks[i], now[i].RssBytes),
                now[i].CpuSeconds - start[i].CpuSeconds, now[i].Processes, group.IsDriver))];
        }
    }

    async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = ReadAll();
                lock (_gate)
                {
                    if (_peaks is null || _start is null)
                        continue;
                    for (var i = 0; i < now.Length; i++)
                        _peaks[i] = Math.Max(_peaks[i], now[i].RssBytes);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    ProcessReading[] ReadAll() => [.. _groups.Select(group => ProcFs.Read(group.ProcessIds(), group.WithReapedChildren))];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
