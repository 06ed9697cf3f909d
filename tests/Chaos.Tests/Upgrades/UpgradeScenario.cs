using Saga.SagaHarness.Chaos;
using Saga.SagaHarness.Services;

namespace Saga.Chaos.Tests.Upgrades;

/// <summary>
/// The upgrade scenarios' runs: the chaos suite's orders (mixed, hot-row, oversubscribed, each published twice or three
/// times, malformed messages among them) plus orders of a customer the payment participant's fraud check blocks, over
/// 20 s or more. Release N is the orchestrator starting flow 1 (payment → inventory → shipping,
/// <c>Orchestrator:DefinitionVersion=1</c>), release N+1 the one starting flow 2 (payment → fraud check → inventory →
/// shipping, <c>=2</c>); both are this build, which finishes orders of either flow.
/// </summary>
public static class UpgradeScenario
{
    public static IReadOnlyDictionary<string, string?> StartingFlow(int version) =>
        new Dictionary<string, string?> { [OrchestratorLifetime.DefinitionVersionSetting] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>The suite's orders and 40 of the blocked customer's; orchestrator instances start flow 1 unless said otherwise and flow 2 once upgraded.</summary>
    public static ChaosOptions Options(string name, TimeSpan duration, IReadOnlyList<Fault> steps, params int[] startingFlows) => ChaosScenario.Suite with
    {
        Name = name,
        BlockedOrders = 40,
        Duration = duration,
        Faults = steps,
        Orchestrators = Math.Max(1, startingFlows.Length),
        Services = new ServiceOverrides
        {
            Settings = new Dictionary<string, string?> { [ChaosOptions.BlockingFraudCheck.Key] = ChaosOptions.BlockingFraudCheck.Value },
            OrchestratorInstances = (startingFlows.Length == 0 ? [1] : startingFlows).Select(StartingFlow).ToList(),
            UpgradedOrchestrator = StartingFlow(2),
        },
    };

    /// <summary>Runs <paramref name="options"/> and fails with every failed check; at least one order must have been on each flow.</summary>
    public static async Task AssertUpgradedAsync(ChaosOptions options)
    {
        var result = await ChaosScenario.RunAsync(ChaosServers.Broker, options);
        ChaosScenario.AssertBooksBalance(result);
        Assert.That(result.ByFlow.Keys, Is.EquivalentTo(new[] { 1, 2 }), "orders on both flows: " + result.Report());
        Assert.That(result.ByFlow[1].GetValueOrDefault("Completed") + result.ByFlow[2].GetValueOrDefault("Completed"), Is.GreaterThan(0), result.Report());
    }
}
