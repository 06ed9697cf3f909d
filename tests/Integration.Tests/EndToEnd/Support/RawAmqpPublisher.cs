using RabbitMQ.Client;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// Publishes bytes with the plain RabbitMQ client, publisher confirms on: the same envelope twice is what a broker
/// redelivery or a client's retry after a lost confirm puts in a queue.
/// </summary>
public sealed class RawAmqpPublisher : IAsyncDisposable
{
    readonly IChannel _channel;
    readonly IConnection _connection;

    RawAmqpPublisher(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<RawAmqpPublisher> StartAsync(string virtualHost)
    {
        var connection = await BrokerConnections.OpenAsync(virtualHost);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true));
        return new RawAmqpPublisher(connection, channel);
    }

    /// <summary>Publishes a MassTransit JSON envelope, persistent, and returns once the broker confirmed it.</summary>
    public async Task PublishEnvelopeAsync(string exchange, byte[] envelope, Guid messageId)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/vnd.masstransit+json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
        };
        await _channel.BasicPublishAsync(exchange, "", mandatory: true, properties, envelope);
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
