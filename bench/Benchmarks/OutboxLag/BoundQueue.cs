using System.Text;
using RabbitMQ.Client;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// A durable queue bound to the event's exchange, declared with a plain AMQP client before the bus publishes anything,
/// so that every delivered message is routed and stored (a message no queue takes is confirmed at once, which would
/// understate the lag). Nothing consumes it: the run counts what arrived, and the queue is deleted at the end.
/// </summary>
public sealed class BoundQueue : IAsyncDisposable
{
    public const string Name = "saga-benchmarks.outbox-lag";

    readonly IConnection _connection;
    readonly IChannel _channel;

    BoundQueue(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
        BrokerVersion = connection.ServerProperties?.TryGetValue("version", out var version) == true && version is byte[] bytes
            ? Encoding.UTF8.GetString(bytes)
            : "unknown";
    }

    public string BrokerVersion { get; }

    public static async Task<BoundQueue> DeclareAsync(Uri amqpUri, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = amqpUri };
        var connection = await factory.CreateConnectionAsync("saga-benchmarks", cancellationToken);
        try
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            // The same exchange MassTransit declares for a published type: durable fanout, not auto-deleted.
            await channel.ExchangeDeclareAsync(RecordWritten.ExchangeName, ExchangeType.Fanout, durable: true, autoDelete: false,
                cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(Name, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            await channel.QueuePurgeAsync(Name, cancellationToken);
            await channel.QueueBindAsync(Name, RecordWritten.ExchangeName, routingKey: "", cancellationToken: cancellationToken);
            return new BoundQueue(connection, channel);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Messages the queue holds: every message the broker confirmed and routed, warm-up included.</summary>
    public async Task<uint> CountMessagesAsync(CancellationToken cancellationToken) =>
        (await _channel.QueueDeclarePassiveAsync(Name, cancellationToken)).MessageCount;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_channel.IsOpen)
                await _channel.QueueDeleteAsync(Name, ifUnused: false, ifEmpty: false);
        }
        finally
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
