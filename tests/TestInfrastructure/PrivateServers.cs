namespace Saga.TestInfrastructure;

/// <summary>
/// Starts a private RabbitMQ node (or cluster) and/or PostgreSQL cluster from the machine's packages, both at once (each
/// takes seconds). If one fails, the other is stopped before the failure is rethrown. For test set-up fixtures and benchmarks.
/// </summary>
public static class PrivateServers
{
    public static Task<(RabbitMqTestNode? RabbitMq, PostgreSqlTestCluster? PostgreSql)> StartAsync(bool rabbitMq, bool postgreSql,
        CancellationToken cancellationToken) =>
        StartAsync(rabbitMq, postgreSql ? PostgreSqlClusterOptions.Default : null, cancellationToken);

    /// <summary>Starts a RabbitMQ node if <paramref name="rabbitMq"/>, and a PostgreSQL cluster configured as <paramref name="postgreSql"/> if given.</summary>
    public static async Task<(RabbitMqTestNode? RabbitMq, PostgreSqlTestCluster? PostgreSql)> StartAsync(bool rabbitMq, PostgreSqlClusterOptions? postgreSql,
        CancellationToken cancellationToken)
    {
        var startRabbitMq = rabbitMq ? RabbitMqTestNode.StartAsync(cancellationToken) : null;
        var startPostgreSql = postgreSql is not null ? PostgreSqlTestCluster.StartAsync(postgreSql, cancellationToken) : null;
        try
        {
            await Task.WhenAll(new Task?[] { startRabbitMq, startPostgreSql }.OfType<Task>());
        }
        catch
        {
            await StopAsync(Started(startRabbitMq), Started(startPostgreSql));
            throw;
        }

        return (Started(startRabbitMq), Started(startPostgreSql));
    }

    /// <summary>
    /// Starts a RabbitMQ cluster of <paramref name="nodes"/> members and, if <paramref name="postgreSql"/> is given, a
    /// PostgreSQL cluster configured so, at the same time. If one fails, the other is stopped before the failure is rethrown.
    /// </summary>
    public static async Task<(RabbitMqTestCluster RabbitMq, PostgreSqlTestCluster? PostgreSql)> StartClusterAsync(int nodes,
        PostgreSqlClusterOptions? postgreSql, CancellationToken cancellationToken)
    {
        var startRabbitMq = RabbitMqTestCluster.StartAsync(nodes, cancellationToken);
        var startPostgreSql = postgreSql is not null ? PostgreSqlTestCluster.StartAsync(postgreSql, cancellationToken) : null;
        try
        {
            await Task.WhenAll(new Task?[] { startRabbitMq, startPostgreSql }.OfType<Task>());
        }
        catch
        {
            await StopAsync(Started(startRabbitMq), Started(startPostgreSql));
            throw;
        }

        return (startRabbitMq.Result, Started(startPostgreSql));
    }

    public static async Task StopAsync(RabbitMqTestCluster? rabbitMq, PostgreSqlTestCluster? postgreSql)
    {
        if (rabbitMq is not null)
            await rabbitMq.DisposeAsync();
        if (postgreSql is not null)
            await postgreSql.DisposeAsync();
    }

    public static async Task StopAsync(RabbitMqTestNode? rabbitMq, PostgreSqlTestCluster? postgreSql)
    {
        if (rabbitMq is not null)
            await rabbitMq.DisposeAsync();
        if (postgreSql is not null)
            await postgreSql.DisposeAsync();
    }

    static T? Started<T>(Task<T>? start)
        where T : class =>
        start is { IsCompletedSuccessfully: true } ? start.Result : null;
}
