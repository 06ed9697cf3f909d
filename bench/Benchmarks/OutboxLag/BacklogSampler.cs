using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Outbox;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// Counts the outbox batches waiting for delivery (one per committed unit of work) every
/// <see cref="Interval"/> while the writers run: whether delivery keeps up, and how far behind it falls when it does not.
/// </summary>
public sealed class BacklogSampler(IServiceScopeFactory scopes)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public async Task<BacklogSummary> SampleUntilAsync(Task writers, CancellationToken cancellationToken)
    {
        var samples = new List<int>();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxLagDbContext>();
        using var timer = new PeriodicTimer(Interval);
        while (!writers.IsCompleted && await timer.WaitForNextTickAsync(cancellationToken))
            samples.Add(await db.Set<OutboxBatch>().CountAsync(cancellationToken));

        return samples.Count == 0 ? new BacklogSummary(0, 0, 0) : new BacklogSummary(samples.Count, samples.Max(), samples.Average());
    }
}
