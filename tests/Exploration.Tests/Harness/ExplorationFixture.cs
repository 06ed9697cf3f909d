using Saga.Exploration.Tests.Invariants;
using Saga.Exploration.Tests.Schedules;

namespace Saga.Exploration.Tests.Harness;

/// <summary>One host for all the schedules of a fixture, which plays a schedule and fails with everything that went wrong.</summary>
public abstract class ExplorationFixture
{
    protected ExplorationHost Host { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartHost() => Host = await ExplorationHost.StartAsync(TimeSpan.FromHours(2));

    [OneTimeTearDown]
    public async Task StopHost() => await Host.DisposeAsync();

    /// <summary>
    /// Plays <paramref name="schedule"/> on a new order and throws if any invariant is violated once it settled; returns how
    /// the order ended (its state, and whether an operator had to retry its compensation).
    /// </summary>
    protected async Task<string> Explore(Schedule schedule)
    {
        var (orderId, log) = await new ScheduleRunner(Host).Run(schedule);
        var violations = await OrderInvariants.Check(Host, orderId, schedule);
        var order = await Host.Order(orderId);
        Host.Relay.Forget(orderId);
        if (violations.Count > 0)
        {
            throw new ScheduleViolationException(
                $"order {orderId}: {string.Join("; ", violations)}\nwhat happened:\n  {string.Join("\n  ", log)}");
        }

        return order!.CompensationRetries > 0 ? $"{order.CurrentState} after an operator's retry" : order.CurrentState;
    }
}
