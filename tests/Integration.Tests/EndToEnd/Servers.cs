using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// One private RabbitMQ node and one private PostgreSQL cluster for all end-to-end tests, started from the machine's
/// binaries on free loopback ports and stopped afterwards. Each test fixture takes its own virtual host and databases.
/// </summary>
[SetUpFixture]
public sealed class Servers
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
