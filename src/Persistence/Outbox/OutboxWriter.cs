using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Adds the messages of one unit of work to a <see cref="DbContext"/> as an <see cref="OutboxBatch"/> and its
/// <see cref="OutboxMessage"/>s, so that they are saved by the same <c>SaveChanges</c> and transaction as the work itself.
/// </summary>
public sealed class OutboxWriter
{
    readonly DbContext _dbContext;
    readonly Guid? _inboxConsumerId;
    readonly Guid? _inboxMessageId;
    readonly Lock _lock = new();
    readonly List<OutboxMessage> _messages = [];
    readonly DatabaseClock _clock;
    readonly IBusTopology? _topology;
    readonly OutboxLease? _lease;
    readonly TimeProvider _timeProvider;
    OutboxBatch? _batch;

    /// <param name="clock">The database's clock, on which the batch becomes available; without, <paramref name="timeProvider"/>'s.</param>
    /// <param name="lease">Given, the delivery loop leaves the batch alone for the lease, because the writer's instance sends it itself.</param>
    /// <param name="topology">The bus's topology, which tells a publish from a send; without, every message counts as sent.</param>
    public OutboxWriter(DbContext dbContext, TimeProvider timeProvider, DatabaseClock? clock = null, OutboxLease? lease = null,
        Guid? inboxMessageId = null, Guid? inboxConsumerId = null, IBusTopology? topology = null)
    {
        _topology = topology;
        _dbContext = dbContext;
        _timeProvider = timeProvider;
        _clock = clock ?? new DatabaseClock(timeProvider);
        _lease = lease;
        _inboxMessageId = inboxMessageId;
        _inboxConsumerId = inboxConsumerId;
    }

    /// <summary>The batch being written, if any message was added since it started.</summary>
    public OutboxBatch? Batch => _batch;

    /// <summary>The messages of <see cref="Batch"/>, in the order they were written.</summary>
    public IReadOnlyList<OutboxMessage> Messages => _messages;

    /// <summary>Serializes a message the way the transport would, and stores it for delivery after commit.</summary>
    public void Add<T>(SendContext<T> context)
        where T : class
    {
        if (context.MessageId is not { } messageId)
            throw new MessageException(typeof(T), "A message written to the outbox needs a message id");

        // Delivery happens as soon as the transaction commits; there is no delayed delivery on our brokers.
        if (context.Delay is { } delay && delay > TimeSpan.Zero)
            throw new MessageException(typeof(T), "The transactional outbox does not delay messages; schedule them through the message scheduler");

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            MessageId = messageId,
            ContentType = context.ContentType?.ToString() ?? context.Serialization.DefaultContentType.ToString(),
            MessageType = string.Join(";", context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            Headers = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(context.Headers.GetAll()),
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = context.DestinationAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = now,
            Published = IsPublish(context),
            ExpirationTime = context.TimeToLive is { } timeToLive ? now + timeToLive : null,
        };

        if (context is TransportSendContext<T> transportContext)
        {
            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transportContext.WritePropertiesTo(properties);
            if (properties.Count > 0)
                message.Properties = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(properties);
        }

        Add(message);
    }

    /// <summary>
    /// Whether the message goes to its type's publish entity (the exchange or topic named after the message type) rather
    /// than to an endpoint: MassTransit's send context looks the same for both.
    /// </summary>
    bool IsPublish<T>(SendContext<T> context)
        where T : class =>
        _topology is not null && context.DestinationAddress is { } destination
                              && destination.AbsolutePath.Split('/').LastOrDefault() is { Length: > 0 } entity
                              && string.Equals(Uri.UnescapeDataString(entity), _topology.Message<T>().EntityName, StringComparison.Ordinal);

    /// <summary>Stores an already serialized message (the scheduler's due messages) in the current batch.</summary>
    public void Add(OutboxMessage message)
    {
        // A consumer may send from several tasks at once; DbContext is not thread-safe.
        lock (_lock)
        {
            if (_batch is null)
            {
                var available = _clock.UtcNow;
                _batch = new OutboxBatch
                {
                    OutboxId = NewId.NextGuid(),
                    InboxMessageId = _inboxMessageId,
                    InboxConsumerId = _inboxConsumerId,
                    CreatedAt = _timeProvider.GetUtcNow().UtcDateTime,
                    AvailableAt = _lease is null ? available : available + _lease.Duration,
                    LeaseOwner = _lease?.Owner,
                    LeaseId = _lease is null ? null : NewId.NextGuid(),
                };
                _dbContext.Add(_batch);
            }

            message.OutboxId = _batch.OutboxId;
            _dbContext.Add(message);
            _messages.Add(message);
        }
    }

    /// <summary>Starts a new batch for the messages that follow; the previous one was committed.</summary>
    public void StartNewBatch()
    {
        lock (_lock)
        {
            _batch = null;
            _messages.Clear();
        }
    }
}
