using RabbitMQ.Client;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>Plain RabbitMQ client connections (no MassTransit) to one virtual host of the test node, as its administrator.</summary>
public static class BrokerConnections
{
    public static Task<IConnection> OpenAsync(string virtualHost) =>
        new ConnectionFactory
        {
            HostName = Servers.Rabbit.Host,
            Port = Servers.Rabbit.Port,
            VirtualHost = virtualHost,
            UserName = Servers.Rabbit.Username,
            Password = Servers.Rabbit.Password,
        }.CreateConnectionAsync();

    /// <summary>
    /// Declares a message exchange the way MassTransit declares it (durable fanout, no arguments), so that a test can bind
    /// to it before any service used it; MassTransit's own declaration then finds it as it expects.
    /// </summary>
    public static Task DeclareMassTransitExchangeAsync(this IChannel channel, string exchange) =>
        channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
}
