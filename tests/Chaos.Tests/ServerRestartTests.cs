using Saga.SagaHarness.Chaos;

namespace Saga.Chaos.Tests;

/// <summary>
/// The broker and the database restarted while orders are in flight: the services reconnect, no order is lost, none takes
/// a step twice, none times out, and the books balance.
/// </summary>
[NonParallelizable]
public sealed class ServerRestartTests
{
    [Test]
    public async Task Orders_in_flight_when_the_broker_application_restarts_complete_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("restart-broker-app", Fault.RestartBrokerApplication));

    [Test]
    public async Task Orders_in_flight_when_the_whole_broker_node_restarts_complete_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("restart-broker-node", Fault.RestartBrokerNode));

    [Test]
    public async Task Orders_in_flight_when_PostgreSQL_restarts_complete_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("restart-postgresql", Fault.RestartPostgreSql));

    [Test]
    public async Task Orders_in_flight_when_PostgreSQL_crashes_and_recovers_from_its_WAL_complete_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("crash-postgresql", Fault.CrashPostgreSql));
}
