using Saga.SagaHarness.Broker;
using Saga.TestInfrastructure;

namespace Saga.Chaos.Tests;

/// <summary>
/// One private RabbitMQ node and one private PostgreSQL cluster for the chaos tests, started from the machine's packages
/// and stopped afterwards. Each test runs its own saga system on them (virtual host, broker user, databases); the tests
/// that restart a server restart these, so they run one at a time.
/// </summary>
[SetUpFixture]
public sealed class ChaosServers
{
    static RabbitMqTestNode? _rabbit;
    static PostgreSqlTestCluster? _postgres;
    static SagaBroker? _broker;

    public static RabbitMqTestNode Rabbit => _rabbit ?? throw new InvalidOperationException("RabbitMQ was not started");

    public static PostgreSqlTestCluster Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL was not started");

    public static SagaBroker Broker => _broker ?? throw new InvalidOperationException("RabbitMQ was not started");

    [OneTimeSetUp]
    public async Task Start()
    {
        (_rabbit, _postgres) = await PrivateServers.StartAsync(rabbitMq: true, postgreSql: true, CancellationToken.None);
        _broker = SagaBroker.SingleNode(Rabbit);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _broker?.Dispose();
        await PrivateServers.StopAsync(_rabbit, _postgres);
    }
}
