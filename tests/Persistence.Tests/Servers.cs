using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests;

/// <summary>
/// One private PostgreSQL cluster for all tests of this assembly, started from the machine's binaries on a free loopback
/// port and stopped afterwards; each test class takes a database of its own.
/// </summary>
[SetUpFixture]
public sealed class Servers
{
    static PostgreSqlTestCluster? _postgreSql;

    public static PostgreSqlTestCluster PostgreSql => _postgreSql ?? throw new InvalidOperationException("PostgreSQL was not started");

    [OneTimeSetUp]
    public async Task Start()
    {
        // SQLite's busy wait blocks a thread per writer waiting for the write lock, and the concurrency tests have ten of
        // them; without spare threads the one holding the lock would wait for the pool to grow.
        ThreadPool.GetMinThreads(out var workerThreads, out var completionPortThreads);
        ThreadPool.SetMinThreads(Math.Max(workerThreads, 32), completionPortThreads);

        _postgreSql = await PostgreSqlTestCluster.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgreSql is not null)
            await _postgreSql.DisposeAsync();
    }
}
