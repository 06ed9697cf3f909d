namespace Saga.TestInfrastructure;

/// <summary>
/// A private PostgreSQL cluster started by the first test that asks for it (tests that run on SQLite need not wait for
/// initdb) and shared by the rest of the assembly; its <c>[SetUpFixture]</c> disposes it after the last test.
/// </summary>
public sealed class OnDemandPostgreSqlCluster : IAsyncDisposable
{
    readonly SemaphoreSlim _startGate = new(1, 1);
    PostgreSqlTestCluster? _cluster;

    public async Task<PostgreSqlTestCluster> GetAsync()
    {
        await _startGate.WaitAsync();
        try
        {
            return _cluster ??= await PostgreSqlTestCluster.StartAsync();
        }
        finally
        {
            _startGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        _startGate.Dispose();
    }
}
