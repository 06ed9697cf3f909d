using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Saga.Contracts;

namespace Saga.SagaHarness.Broker;

/// <summary>
/// Publishes <see cref="SubmitOrder"/> as any non-.NET client would (docs/messages.md, "Publishing SubmitOrder from outside .NET"):
/// MassTransit's JSON envelope, persistent, to the <c>Saga.Contracts:SubmitOrder</c> exchange, with the plain RabbitMQ
/// client and publisher confirms. A publish that fails (the broker restarting, a confirm lost) is retried on a new
/// connection until it is confirmed, as a careful client does: so a message may arrive twice under its one message id.
/// Given a cluster's nodes (<c>host:port</c> each), a new connection goes to the first node that answers, in the order
/// given: the client fails over.
/// </summary>
public sealed class SubmitOrderPublisher(IReadOnlyList<string> endpoints, string virtualHost, string user, string password) : IAsyncDisposable
{
    public const string Exchange = "Saga.Contracts:SubmitOrder";

    /// <summary>The name the client's connection carries (<c>connection_name</c>), to tell it from the services' in the broker's list.</summary>
    public const string ConnectionName = "saga-chaos-client";
    const string ContentType = "application/vnd.masstransit+json";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    readonly OrderedEndpoints _endpoints = new(endpoints.Select(x => AmqpTcpEndpoint.Parse(x)).ToList());

    readonly ConnectionFactory _factory = new()
    {
        VirtualHost = virtualHost,
        UserName = user,
        Password = password,
        AutomaticRecoveryEnabled = false,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
    };

    IConnection? _connection;
    IChannel? _channel;

    /// <summary>Publishes that failed and were made again.</summary>
    public int Retries { get; private set; }

    /// <summary>The envelope a client sends: <c>messageId</c>, <c>messageType</c> and the order, camelCase.</summary>
    public static byte[] Envelope(SubmitOrder order, Guid messageId) =>
        JsonSerializer.SerializeToUtf8Bytes(new { messageId, messageType = new[] { "urn:message:Saga.Contracts:SubmitOrder" }, message = order }, Json);

    /// <summary>Publishes <paramref name="body"/> (bytes as given: a malformed one too) and returns once the broker confirmed it.</summary>
    public async Task PublishAsync(byte[] body, Guid messageId, TimeSpan giveUpAfter, CancellationToken cancellationToken)
    {
        var trying = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var channel = await ChannelAsync(cancellationToken);
                var properties = new BasicProperties
                {
                    ContentType = ContentType,
                    DeliveryMode = DeliveryModes.Persistent,
                    MessageId = messageId.ToString(),
                };
                await channel.BasicPublishAsync(Exchange, "", mandatory: false, properties, body, cancellationToken);
                return;
            }
            catch (Exception e) when (e is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException
                                          or PublishException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (trying.Elapsed >= giveUpAfter)
                    throw new TimeoutException($"SubmitOrder {messageId} not confirmed within {giveUpAfter.TotalSeconds:0} s", e);
                Retries++;
                await CloseAsync();
                await Task.Delay(RetryPause, cancellationToken);
            }
        }
    }

    async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
            return _channel;
        await CloseAsync();
        _connection = await _factory.CreateConnectionAsync(_endpoints, ConnectionName, cancellationToken);
        _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true), cancellationToken);
        return _channel;
    }

    async Task CloseAsync()
    {
        try
        {
            if (_channel is not null)
                await _channel.DisposeAsync();
            if (_connection is not null)
                await _connection.DisposeAsync();
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Already broken: that is why it is being replaced.
        }

        _channel = null;
        _connection = null;
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}
