using System.Diagnostics;
using MassTransit;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// Starts sagas by publishing the workload's orders, in a closed loop (a new saga when one ends) or an open loop (on a
/// fixed schedule, whatever ends). Each saga's start is taken just before its publish begins.
/// </summary>
public sealed class SagaDriver(IBus bus, SagaTracker tracker)
{
    int _nextIndex;

    public async Task<LoadRun> RunAsync(LoadShape shape, Action<LoadRun>? started, CancellationToken cancellationToken)
    {
        var run = new LoadRun(Stopwatch.GetTimestamp());
        started?.Invoke(run);
        if (shape.Rate is { } rate)
            await OpenLoopAsync(run, shape, rate, cancellationToken);
        else
            await ClosedLoopAsync(run, shape, cancellationToken);
        return run;
    }

    async Task ClosedLoopAsync(LoadRun run, LoadShape shape, CancellationToken cancellationToken)
    {
        // Not disposed: a late terminal event may still release it after the run.
        var slots = new SemaphoreSlim(shape.InFlight);
        tracker.OnEnded = _ => slots.Release();
        var publishes = new List<Task>();
        try
        {
            var count = 0;
            while (ShouldStart(shape, count, Stopwatch.GetElapsedTime(run.StartedAt)))
            {
                await slots.WaitAsync(cancellationToken);
                if (!ShouldStart(shape, count, Stopwatch.GetElapsedTime(run.StartedAt)))
                    break;

                // Not awaited one by one: when several sagas end at once, waiting for each start's confirm before the
                // next would keep fewer than N in flight.
                publishes.Add(StartAsync(run, cancellationToken));
                count++;
            }

            await Task.WhenAll(publishes);
        }
        finally
        {
            tracker.OnEnded = null;
        }
    }

    async Task OpenLoopAsync(LoadRun run, LoadShape shape, double rate, CancellationToken cancellationToken)
    {
        var publishes = new List<Task>();
        var lateness = TimeSpan.Zero;
        for (var count = 0; ; count++)
        {
            var offset = TimeSpan.FromSeconds(count / rate);
            if (!ShouldStart(shape, count, offset))
                break;
            var wait = offset - Stopwatch.GetElapsedTime(run.StartedAt);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            else if (-wait > lateness)
                lateness = -wait;

            // Not awaited here: a slow confirm must not hold back the next start.
            publishes.Add(StartAsync(run, cancellationToken));

            // The backlog: sagas started and not yet ended. It stays near rate × latency while the system keeps up.
            run.MaxInFlight = Math.Max(run.MaxInFlight, run.Sagas.Count(x => !x.HasEnded));
        }

        await Task.WhenAll(publishes);
        run.MaxStartLateness = lateness;
    }

    static bool ShouldStart(LoadShape shape, int count, TimeSpan elapsed) =>
        shape.Count is { } total ? count < total : elapsed < shape.Duration!.Value;

    async Task StartAsync(LoadRun run, CancellationToken cancellationToken)
    {
        var plan = Workload.Plan(_nextIndex++);
        var saga = new RunningSaga(plan, Stopwatch.GetTimestamp());
        tracker.Add(saga);
        run.Add(saga);
        await bus.Publish(plan.Order, cancellationToken);
    }
}
