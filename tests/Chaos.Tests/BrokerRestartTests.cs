using Saga.SagaHarness.Chaos;

namespace Saga.Chaos.Tests;

/// <summary>
/// The broker restarted while orders are in flight, its application and then the whole node: the services and the
/// client reconnect, no order is lost, none takes a step twice, none times out, and the books balance.
/// </summary>
[NonParallelizable]
public sealed class BrokerRestartTests
{
    [Test]
    public async Task Orders_in_flight_when_the_broker_application_and_then_the_whole_broker_node_restart_complete_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("restart-broker", TimeSpan.FromSeconds(20),
            Fault.RestartBrokerApplication, Fault.RestartBrokerNode));
}
