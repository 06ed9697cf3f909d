using MassTransit;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace Saga.Persistence.Outbox;

/// <summary>
/// One message sent or published inside a unit of work, stored serialized in the same transaction as that work's state
/// and handed to the broker only after commit. It implements MassTransit's <see cref="OutboxMessageContext"/> so the
/// library's own send pipe can put it back on the wire exactly as it was serialized.
/// </summary>
public sealed class OutboxMessage : OutboxMessageContext
{
    Headers? _headers;
    IReadOnlyDictionary<string, object>? _properties;

    /// <summary>Ascending in insertion order; messages of one batch are delivered in this order.</summary>
    public long SequenceNumber { get; set; }

    /// <summary>The <see cref="OutboxBatch"/> this message belongs to.</summary>
    public Guid OutboxId { get; set; }

    public Guid MessageId { get; set; }

    public required string ContentType { get; set; }

    public required string MessageType { get; set; }

    public required string Body { get; set; }

    /// <summary>The message headers, as a JSON object.</summary>
    public string? Headers { get; set; }

    /// <summary>Transport-specific properties (routing key and the like), as a JSON object.</summary>
    public string? Properties { get; set; }

    public Guid? ConversationId { get; set; }

    public Guid? CorrelationId { get; set; }

    public Guid? InitiatorId { get; set; }

    public Guid? RequestId { get; set; }

    public Uri? SourceAddress { get; set; }

    public Uri? DestinationAddress { get; set; }

    public Uri? ResponseAddress { get; set; }

    public Uri? FaultAddress { get; set; }

    /// <summary>When the message was written to the outbox, inside the transaction that produced it (UTC).</summary>
    public DateTime SentTime { get; set; }

    public DateTime? ExpirationTime { get; set; }

    /// <summary>
    /// Whether the message was published (an event, to whoever subscribed) rather than sent (a command or reply, to one
    /// receiver). Only a send is delivered mandatory: an event nobody subscribes to is dropped by RabbitMQ as intended,
    /// while a send that no queue receives is a failed delivery.
    /// </summary>
    public bool Published { get; set; }

    /// <summary>When the broker confirmed the message (UTC); null while it waits for delivery.</summary>
    public DateTime? DeliveredAt { get; set; }

    Guid? MessageContext.MessageId => MessageId;

    DateTime? MessageContext.SentTime => SentTime;

    Headers MessageContext.Headers => _headers ?? EmptyHeaders.Instance;

    HostInfo MessageContext.Host => HostMetadataCache.Host;

    IReadOnlyDictionary<string, object> OutboxMessageContext.Properties => _properties ?? NoProperties;

    static readonly IReadOnlyDictionary<string, object> NoProperties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the stored headers and properties back, before the message is sent again.</summary>
    public void RestoreContext(IObjectDeserializer deserializer)
    {
        var headers = deserializer.DeserializeDictionary<object?>(Headers);
        _headers = headers is null ? EmptyHeaders.Instance : new DictionarySendHeaders(headers);
        _properties = deserializer.DeserializeDictionary<object>(Properties) ?? NoProperties;
    }
}
