using Saga.TestInfrastructure;

namespace Saga.Orchestrator.Tests;

/// <summary>The private PostgreSQL cluster of this assembly's tests that need one; stopped after the last test.</summary>
[SetUpFixture]
public sealed class Servers
{
    static readonly OnDemandPostgreSqlCluster PostgreSql = new();

    public static Task<PostgreSqlTestCluster> PostgreSqlAsync() => PostgreSql.GetAsync();

    [OneTimeTearDown]
    public async Task Stop() => await PostgreSql.DisposeAsync();
}
