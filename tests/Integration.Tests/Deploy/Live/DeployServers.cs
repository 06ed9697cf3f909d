using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Deploy.Live;

/// <summary>
/// A private RabbitMQ node and PostgreSQL cluster of their own for the deployment checks: the RabbitMQ definitions and
/// the database script create fixed names (virtual host <c>saga</c>, users, databases <c>orchestrator</c>, …), so they
/// get servers that nothing else uses.
/// </summary>
[SetUpFixture]
public sealed class DeployServers
{
    static RabbitMqTestNode? _rabbit;
    static PostgreSqlTestCluster? _postgres;

    public static RabbitMqTestNode Rabbit => _rabbit ?? throw new InvalidOperationException("RabbitMQ was not started");

    public static PostgreSqlTestCluster Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL was not started");

    [OneTimeSetUp]
    public async Task Start() =>
        (_rabbit, _postgres) = await PrivateServers.StartAsync(rabbitMq: true, postgreSql: true, CancellationToken.None);

    [OneTimeTearDown]
    public Task Stop() => PrivateServers.StopAsync(_rabbit, _postgres);
}
