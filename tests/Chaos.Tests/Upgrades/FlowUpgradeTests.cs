using Saga.SagaHarness.Chaos;

namespace Saga.Chaos.Tests.Upgrades;

/// <summary>
/// Stop release N, start N+1: one orchestrator starting flow 1 while about 370 orders are published over 20 s (a
/// customer's orders among them that the fraud check blocks), stopped halfway with sagas in flight and orders queued, then
/// one starting flow 2 against the same database and broker while the rest is published. Every order ends as its data and
/// the flow it started on dictate (a blocked customer's order completes on flow 1 and is compensated with its payment
/// refunded on flow 2), its flow is one that the orchestrator accepting it started (published after N stopped: flow 2),
/// its path is its flow's (no fraud check on flow 1, exactly one once paid on flow 2), every effect is booked once, no
/// step timed out, and the error queues hold only the malformed messages.
/// </summary>
[NonParallelizable]
public sealed class FlowUpgradeTests
{
    [Test]
    public async Task Orders_in_flight_when_release_N_is_stopped_finish_on_their_flow_and_release_N_plus_1_starts_the_rest_on_the_new_one() =>
        await UpgradeScenario.AssertUpgradedAsync(UpgradeScenario.Options("upgrade-stop", TimeSpan.FromSeconds(20), [Fault.UpgradeOrchestrators]));

    [Test]
    public async Task Orders_in_flight_when_release_N_is_killed_finish_on_their_flow_and_release_N_plus_1_starts_the_rest_on_the_new_one() =>
        await UpgradeScenario.AssertUpgradedAsync(UpgradeScenario.Options("upgrade-kill", TimeSpan.FromSeconds(20), [Fault.KillAndUpgradeOrchestrators]));
}
