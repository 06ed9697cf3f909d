using Saga.SagaHarness.Chaos;

namespace Saga.Chaos.Tests;

/// <summary>
/// The services killed with SIGKILL while orders are in flight, and started again: no order is lost, none takes a step
/// twice, none times out, and the books balance.
/// </summary>
[NonParallelizable]
public sealed class ServiceCrashTests
{
    /// <summary>Three kills in one run, 6 s apart: the orchestrator alone, the participants alone, then both at once.</summary>
    [Test]
    public async Task Orders_in_flight_when_the_orchestrator_the_participants_and_then_both_are_killed_complete_after_each_restart_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("kill-services", TimeSpan.FromSeconds(24),
            Fault.KillOrchestrator, Fault.KillParticipants, Fault.KillBoth));
}
