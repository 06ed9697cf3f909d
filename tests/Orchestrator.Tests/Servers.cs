using Saga.TestInfrastructure;

namespace Saga.Orchestrator.Tests;

/// <summary>
/// A private PostgreSQL cluster for the few tests of this assembly that need one, started by the first of them and
/// stopped after the last test.
/// </summary>
[SetUpFixture]
public sealed class Servers
{
    static readonly SemaphoreSlim StartGate = new(1, 1);
    static PostgreSqlTestCluster? _postgreSql;

    public static async Task<PostgreSqlTestCluster> PostgreSqlAsync()
    {
        await StartGate.WaitAsync();
        try
        {
            return _postgreSql ??= await PostgreSqlTestCluster.StartAsync();
        }
        finally
        {
            StartGate.Release();
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgreSql is not null)
            await _postgreSql.DisposeAsync();
    }
}
