using Saga.SagaHarness.Broker;
using Saga.SagaHarness.Chaos;

namespace Saga.Chaos.Tests;

/// <summary>
/// Runs one chaos scenario (<see cref="ChaosRun"/>) with the suite's size of run, writes its account to the test's
/// output, and fails with every failed check, each naming its offending orders.
/// </summary>
public static class ChaosScenario
{
    /// <summary>
    /// 300 orders (160 mixed, 40 hot-row, 100 for a SKU with 60 units), each published twice and every fourth a third
    /// time, and 3 malformed messages, over 15 s unless a scenario needs longer for its faults: at most 20 orders a
    /// second, which two vCPUs carry with room for a restart.
    /// </summary>
    public static readonly ChaosOptions Suite = new()
    {
        MixedOrders = 160,
        HotOrders = 40,
        ScarceOrders = 100,
        ScarceStock = 60,
        Malformed = 3,
        Duration = TimeSpan.FromSeconds(15),
        SettleTimeout = TimeSpan.FromSeconds(120),
    };

    /// <summary>Runs the suite's orders with <paramref name="faults"/> evenly spaced over <paramref name="duration"/> (default 15 s).</summary>
    public static Task<ChaosResult> RunAsync(string name, TimeSpan? duration, params Fault[] faults) =>
        RunAsync(ChaosServers.Broker, Suite with { Name = name, Faults = faults, Duration = duration ?? Suite.Duration });

    /// <summary>Runs <paramref name="options"/> (the suite's orders, with whatever the scenario changes) on <paramref name="broker"/>.</summary>
    public static async Task<ChaosResult> RunAsync(SagaBroker broker, ChaosOptions options)
    {
        var name = options.Name;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var result = await ChaosRun.RunAsync(broker, ChaosServers.Postgres, options,
            line => TestContext.Progress.WriteLine($"[{name}] {line}"), timeout.Token);
        await TestContext.Out.WriteLineAsync(result.Report());
        if (!result.Passed)
            await TestContext.Out.WriteLineAsync("--- services' last lines\n" + result.ServiceOutput);
        return result;
    }

    public static void AssertBooksBalance(ChaosResult result) =>
        Assert.That(result.Failed.Select(x => $"{x.Name}: {x.Detail}"), Is.Empty, result.Report());
}
