using Saga.SagaHarness.Chaos;

namespace Saga.Chaos.Tests;

/// <summary>
/// The services killed with SIGKILL while orders are in flight, and started again: no order is lost, none takes a step
/// twice, none times out, and the books balance.
/// </summary>
[NonParallelizable]
public sealed class ServiceCrashTests
{
    [Test]
    public async Task Orders_in_flight_when_the_orchestrator_is_killed_complete_after_its_restart_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("kill-orchestrator", Fault.KillOrchestrator));

    [Test]
    public async Task Orders_in_flight_when_the_participants_are_killed_complete_after_their_restart_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("kill-participants", Fault.KillParticipants));

    [Test]
    public async Task Orders_in_flight_when_both_services_are_killed_at_once_complete_after_their_restart_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("kill-both", Fault.KillBoth));
}
