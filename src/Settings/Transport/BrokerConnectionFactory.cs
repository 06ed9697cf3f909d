using RabbitMQ.Client;

namespace Saga.Settings.Transport;

/// <summary>
/// Plain RabbitMQ.Client connections (no MassTransit) with the transport settings: the same nodes, virtual host, user and
/// TLS as the bus. For what MassTransit cannot do itself: provisioning queues before the bus connects, and the CLI.
/// </summary>
public static class BrokerConnectionFactory
{
    /// <summary>
    /// Connects to one of the nodes (<see cref="BrokerNode.Of"/>); RabbitMQ.Client tries them in a random order until one
    /// accepts, so a dead node only costs its connection attempt. An empty user or password is RabbitMQ.Client's default.
    /// </summary>
    public static Task<IConnection> ConnectAsync(RabbitMqOptions options, string clientName, TimeSpan connectionTimeout,
        CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            VirtualHost = options.VirtualHost,
            RequestedConnectionTimeout = connectionTimeout,
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = clientName,
        };
        if (options.Username.Length > 0)
            factory.UserName = options.Username;
        if (options.Password.Length > 0)
            factory.Password = options.Password;

        // The bus checks every node's certificate against the one name, as MassTransit's cluster support does.
        var endpoints = BrokerNode.Of(options)
            .Select(node => new AmqpTcpEndpoint(node.Host, node.Port, new SslOption(options.TlsServerName ?? options.Host, enabled: options.UseTls)))
            .ToList();
        return factory.CreateConnectionAsync(endpoints, cancellationToken);
    }
}
