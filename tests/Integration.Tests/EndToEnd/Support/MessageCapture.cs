using System.Text.Json;
using RabbitMQ.Client;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// A queue of the test's own, bound to message exchanges, that keeps a copy of every message sent or published there: the
/// broker's own count of what the services delivered, duplicates included, whoever sent them.
/// </summary>
public sealed class MessageCapture : IAsyncDisposable
{
    readonly IChannel _channel;
    readonly IConnection _connection;
    readonly List<CapturedMessage> _collected = [];
    readonly string _queue;

    MessageCapture(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    /// <summary>
    /// Binds a new queue to each of <paramref name="exchanges"/>, declaring them as MassTransit does if no service has yet:
    /// from now on every message through them is captured.
    /// </summary>
    public static async Task<MessageCapture> StartAsync(string virtualHost, params string[] exchanges)
    {
        var connection = await BrokerConnections.OpenAsync(virtualHost);
        var channel = await connection.CreateChannelAsync();
        var queue = "test-capture-" + Guid.NewGuid().ToString("N")[..8];
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        foreach (var exchange in exchanges)
        {
            await channel.DeclareMassTransitExchangeAsync(exchange);
            await channel.QueueBindAsync(queue, exchange, "");
        }

        return new MessageCapture(connection, channel, queue);
    }

    /// <summary>
    /// Takes what waits in the queue and returns everything captured so far. Complete for a message once its sender has
    /// the broker's confirm: the broker confirms a message after it reached every bound queue.
    /// </summary>
    public async Task<IReadOnlyList<CapturedMessage>> CollectAsync()
    {
        while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } delivery)
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var root = envelope.RootElement;
            Guid? orderId = root.TryGetProperty("message", out var message) && message.TryGetProperty("orderId", out var id) ? id.GetGuid() : null;
            var messageType = root.TryGetProperty("messageType", out var types) && types.GetArrayLength() > 0 ? types[0].GetString() : null;
            _collected.Add(new CapturedMessage(root.GetProperty("messageId").GetGuid(), delivery.Exchange, orderId, messageType));
        }

        return [.. _collected];
    }

    /// <summary>Everything captured so far about one order.</summary>
    public async Task<IReadOnlyList<CapturedMessage>> CollectAsync(Guid orderId) => [.. (await CollectAsync()).Where(m => m.OrderId == orderId)];

    public async ValueTask DisposeAsync()
    {
        await _channel.QueueDeleteAsync(_queue);
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
