using Saga.SagaHarness.Chaos;

namespace Saga.Chaos.Tests;

/// <summary>
/// PostgreSQL restarted while orders are in flight, cleanly (<c>pg_ctl restart -m fast</c>) and then as in a crash
/// (<c>-m immediate</c>, recovering from its WAL): the services' transactions retry, no order is lost, none takes a step
/// twice, none times out, and the books balance.
/// </summary>
[NonParallelizable]
public sealed class DatabaseRestartTests
{
    [Test]
    public async Task Orders_in_flight_when_PostgreSQL_restarts_and_then_crashes_complete_and_the_books_balance() =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync("restart-postgresql", TimeSpan.FromSeconds(20),
            Fault.RestartPostgreSql, Fault.CrashPostgreSql));
}
