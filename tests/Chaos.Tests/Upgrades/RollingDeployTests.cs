using Saga.SagaHarness.Chaos;

namespace Saga.Chaos.Tests.Upgrades;

/// <summary>
/// A flow change rolled out in two phases, as README's "Upgrading" says, with about 370 orders published over 24 s.
/// Phase 1: release N and release N+1 still starting the old flow (<c>Orchestrator:DefinitionVersion=1</c>) side by side
/// on one queue and database; then N is stopped and N+1 carries on alone. Phase 2, once no instance of N runs: N+1 is
/// restarted starting flow 2. Every order ends as its data and flow dictate with every effect once, its flow is one the
/// orchestrator accepting it started, and nothing is lost or set aside: no message in a <c>_skipped</c> or <c>_error</c>
/// queue but the malformed ones, the dead-letter queue empty.
/// </summary>
[NonParallelizable]
public sealed class RollingDeployTests
{
    [Test]
    public async Task A_flow_change_rolled_out_in_two_phases_with_the_old_and_new_release_side_by_side_loses_and_mishandles_no_order() =>
        await UpgradeScenario.AssertUpgradedAsync(UpgradeScenario.Options("rolling-deploy", TimeSpan.FromSeconds(24),
            [Fault.StopOneOrchestrator, Fault.UpgradeOrchestrators], 1, 1));
}
