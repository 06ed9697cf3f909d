namespace Saga.TestInfrastructure.Tests;

/// <summary>One RabbitMQ node and one PostgreSQL cluster for the whole test run, started side by side.</summary>
[SetUpFixture]
public sealed class TestServers
{
    private static RabbitMqTestNode? s_rabbitMq;
    private static PostgreSqlTestCluster? s_postgreSql;

    public static RabbitMqTestNode RabbitMq =>
        s_rabbitMq ?? throw new InvalidOperationException("The RabbitMQ test node is not running.");

    public static PostgreSqlTestCluster PostgreSql =>
        s_postgreSql ?? throw new InvalidOperationException("The PostgreSQL test cluster is not running.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        (s_rabbitMq, s_postgreSql) = await PrivateServers.StartAsync(rabbitMq: true, postgreSql: true, timeout.Token);

        await TestContext.Progress.WriteLineAsync(
            $"RabbitMQ {RabbitMq.NodeName} on port {RabbitMq.Port} started in {RabbitMq.StartupTime.TotalSeconds:0.00} s; "
            + $"PostgreSQL ({PostgreSql.BinDirectory}) on port {PostgreSql.Port} started in {PostgreSql.StartupTime.TotalSeconds:0.00} s.");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var stops = new List<Task>();
        if (s_rabbitMq is not null)
        {
            stops.Add(s_rabbitMq.StopAsync());
        }

        if (s_postgreSql is not null)
        {
            stops.Add(s_postgreSql.StopAsync());
        }

        await Task.WhenAll(stops);

        await TestContext.Progress.WriteLineAsync($"Both servers stopped in {stopwatch.Elapsed.TotalSeconds:0.00} s.");
    }
}
