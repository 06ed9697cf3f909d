using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Saga.Settings.Transport;

namespace Saga.Operations.Connection;

/// <summary>
/// Plain RabbitMQ connections with the configured settings, for the error queues and to check the broker before the bus
/// starts: the client's exceptions say at once whether the broker is down, refuses the user or lacks the virtual host,
/// which becomes one line naming the setting to check.
/// </summary>
public static class Broker
{
    const string Prefix = TransportOptions.Section + ":RabbitMq:";

    /// <summary>A connection with <paramref name="settings"/>' transport, named after its client.</summary>
    public static Task<IConnection> ConnectAsync(OperatorSettings settings, CancellationToken cancellationToken) =>
        ConnectAsync(settings.Transport, settings.ClientName, cancellationToken);

    /// <param name="clientName">The connection's name in the broker (its management UI lists connections by it).</param>
    public static async Task<IConnection> ConnectAsync(TransportOptions options, string clientName, CancellationToken cancellationToken)
    {
        var rabbit = RequireRabbitMq(options);
        IConnection? connection = null;
        try
        {
            // The services' own connection settings: with ClusterNodes, any node that accepts.
            connection = await BrokerConnectionFactory.ConnectAsync(rabbit, clientName, TimeSpan.FromSeconds(10), cancellationToken);
            // The broker refuses an unknown virtual host by closing the connection right after opening it; a first
            // channel makes that refusal show here rather than at the first real operation.
            await using (await connection.CreateChannelAsync(cancellationToken: cancellationToken))
            {
            }

            return connection;
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException)
        {
            if (connection is not null)
                await connection.DisposeAsync();
            throw new OperationException(OperationFailure.Unreachable, Describe(rabbit, e), e);
        }
    }

    /// <summary>The RabbitMQ settings; the in-memory transport lives inside one service process, out of the CLI's reach.</summary>
    public static RabbitMqOptions RequireRabbitMq(TransportOptions options) =>
        options.Kind == TransportKind.RabbitMq
            ? options.RabbitMq
            : throw new OperationException(OperationFailure.InvalidSetting,
                $"{TransportOptions.Section}:Kind is {options.Kind}: the CLI reaches the services only through RabbitMQ; set it to RabbitMq");

    static string Describe(RabbitMqOptions rabbit, Exception exception)
    {
        var where = $"RabbitMQ at {string.Join(", ", BrokerNode.Of(rabbit))} (virtual host '{rabbit.VirtualHost}', user '{UserOf(rabbit)}')";
        var causes = Causes(exception).ToList();
        if (causes.OfType<AuthenticationFailureException>().Any())
            return $"{where} refused the credentials: check {Prefix}Username and {Prefix}Password (Saga__Transport__RabbitMq__Password)";
        if (causes.OfType<OperationInterruptedException>().Any(e => e.ShutdownReason?.ReplyCode == Constants.NotAllowed))
            return $"{where} refused the virtual host: check {Prefix}VirtualHost (--rabbitmq-vhost) and the user's permissions";
        var reason = causes.LastOrDefault(e => e is not BrokerUnreachableException)?.Message ?? exception.Message;
        var settings = rabbit.ClusterNodes.Count > 0 ? $"{Prefix}ClusterNodes" : $"{Prefix}Host and {Prefix}Port (--rabbitmq-host, --rabbitmq-port)";
        return $"cannot reach {where}: {FirstLine(reason)}; check {settings}";
    }

    static string UserOf(RabbitMqOptions rabbit) => rabbit.Username.Length > 0 ? rabbit.Username : ConnectionFactory.DefaultUser;

    static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Causes))
                    yield return inner;
                yield break;
            }
        }
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
