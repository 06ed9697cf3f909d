using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Demo;

/// <summary>Reports, twice a second, how many orders are in which state, until every one has settled.</summary>
public static class DemoProgress
{
    static readonly string[] FinalStates = ["Completed", "Compensated", "Rejected", "CompensationFailed"];

    public static async Task<bool> WaitForAllFinished(IServiceProvider services, IReadOnlyList<DemoOrder> orders, TimeSpan timeout)
    {
        var ids = orders.Select(o => o.Order.OrderId).ToList();
        using var deadline = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        var last = "";
        while (true)
        {
            Dictionary<string, int> counts;
            await using (var scope = services.CreateAsyncScope())
            {
                counts = await scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>().Orders.AsNoTracking()
                    .Where(o => ids.Contains(o.CorrelationId))
                    .GroupBy(o => o.CurrentState)
                    .Select(g => new { State = g.Key, Count = g.Count() })
                    .ToDictionaryAsync(x => x.State, x => x.Count);
            }

            var settled = counts.Where(c => FinalStates.Contains(c.Key)).Sum(c => c.Value);
            var line = $"  {settled,3}/{ids.Count} settled   " +
                       string.Join("  ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));
            if (line != last)
                Console.WriteLine(line);
            last = line;

            if (settled == ids.Count)
                return true;
            if (deadline.IsCancellationRequested)
                return false;
            await timer.WaitForNextTickAsync();
        }
    }
}
