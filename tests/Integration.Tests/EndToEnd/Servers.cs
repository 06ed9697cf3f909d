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
    public async Task Start()
    {
        var rabbit = RabbitMqTestNode.StartAsync();
        var postgres = PostgreSqlTestCluster.StartAsync();
        _rabbit = await rabbit;
        _postgres = await postgres;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_rabbit is not null)
            await _rabbit.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}
