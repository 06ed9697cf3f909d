using MassTransit;
using MassTransit.Context;
using MassTransit.Logging;
using MassTransit.Scheduling;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Outbox;

namespace Saga.Persistence.Scheduling;

/// <summary>
/// Schedules messages inside the transaction of the message being consumed: a schedule is a <see cref="ScheduledMessage"/>
/// row written (and a cancel a row deleted) by the same <c>SaveChanges</c> as the consumer's state and its outbox. It saves
/// the round trip of a schedule command through the broker and the scheduler's own transaction, and a schedule can no
/// longer be overtaken by its own cancel. One per consume attempt, begun by <see cref="TransactionalSchedulingHook{TDbContext}"/>.
/// </summary>
public sealed class TransactionalScheduleMessageProvider : IScheduleMessageProvider, IOutboxConsumeAttempt
{
    readonly ConsumeContext _consumeContext;
    readonly DbContext _dbContext;
    readonly WakeUpSignal _dispatcher;
    readonly TimeProvider _timeProvider;
    readonly TimeSpan _dispatcherPollInterval;
    bool _closed;

    /// <param name="dispatcher">Wakes the dispatcher after the commit, for a schedule due before its next look.</param>
    /// <param name="dispatcherPollInterval">How often the dispatcher looks anyway; a schedule due later needs no wake-up.</param>
    public TransactionalScheduleMessageProvider(DbContext dbContext, ConsumeContext consumeContext, TimeProvider timeProvider,
        WakeUpSignal dispatcher, TimeSpan dispatcherPollInterval)
    {
        _dbContext = dbContext;
        _consumeContext = consumeContext;
        _timeProvider = timeProvider;
        _dispatcher = dispatcher;
        _dispatcherPollInterval = dispatcherPollInterval;
    }

    /// <summary>
    /// Whether this transaction stored a schedule that may be due before the dispatcher's next look, so it should look
    /// again once the transaction committed. Step deadlines of seconds or more do not wake it: a pass and its query per
    /// schedule were a quarter of a busy database's transactions.
    /// </summary>
    public bool DueBeforeNextPoll { get; private set; }

    /// <summary>
    /// Ends the provider with its transaction: the context keeps it as a payload, and anything scheduled through it later
    /// would go into a DbContext that is never saved again.
    /// </summary>
    public void Ended() => _closed = true;

    /// <summary>Wakes the dispatcher if a schedule of the committed transaction may be due before its next look.</summary>
    public void Committed()
    {
        if (DueBeforeNextPoll)
            _dispatcher.Notify();
    }

    public async Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
        where T : class
    {
        ThrowIfClosed();
        if (!MessageTypeCache<T>.IsValidMessageType)
            throw new ArgumentException(MessageTypeCache<T>.InvalidMessageTypeReason, nameof(T));

        var dueAt = UtcDateTimes.AsUtc(scheduledTime);
        var sendContext = new MessageSendContext<T>(message, cancellationToken)
        {
            DestinationAddress = destinationAddress,
            Serializer = SystemTextJsonMessageSerializer.Instance,
            ScheduledMessageId = TokenOf(message),
        };
        sendContext.TransferConsumeContextHeaders(_consumeContext);
        sendContext.SourceAddress = _consumeContext.ReceiveContext.InputAddress;
        if (pipe.IsNotEmpty())
            await pipe.Send(sendContext);

        // The token travels with the message, so a saga can tell a current deadline from one it has since replaced.
        var givenTokenId = sendContext.ScheduledMessageId;
        var tokenId = givenTokenId ?? NewId.NextGuid();
        sendContext.Headers.Set(MessageHeaders.SchedulingTokenId, tokenId.ToString("D"));

        // MassTransit's outbox send span stores the trace context in the headers kept with the row, so the message joins
        // this consume's trace when it is delivered, however much later and from whichever loop.
        var activity = LogContext.Current?.StartOutboxSendActivity(sendContext);
        activity?.Stop();

        // Only a token that came with the message can name a stored schedule, to be replaced.
        var row = givenTokenId is null
            ? ScheduledMessageRows.Add(_dbContext, tokenId, destinationAddress)
            : await ScheduledMessageRows.FindOrAdd(_dbContext, tokenId, destinationAddress, cancellationToken);
        row.DueAt = dueAt;
        row.DestinationAddress = destinationAddress;
        row.MessageId = sendContext.MessageId ?? NewId.NextGuid();
        row.ContentType = SystemTextJsonMessageSerializer.JsonContentType.ToString();
        row.MessageType = string.Join(";", MessageTypeCache<T>.MessageTypeNames);
        row.Body = sendContext.Serializer.GetMessageBody(sendContext).GetString();
        row.Headers = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(sendContext.Headers.GetAll());
        row.ConversationId = sendContext.ConversationId;
        row.CorrelationId = sendContext.CorrelationId;
        row.InitiatorId = sendContext.InitiatorId;
        row.SourceAddress = sendContext.SourceAddress;
        row.ScheduledAt = _timeProvider.GetUtcNow().UtcDateTime;
        DueBeforeNextPoll |= dueAt <= row.ScheduledAt + _dispatcherPollInterval;

        return new ScheduledMessageHandle<T>(tokenId, dueAt, destinationAddress, message);
    }

    /// <summary>
    /// The token the message itself carries, if its type has one; null otherwise. MassTransit's own lookup makes up a new
    /// token when there is none, and then nothing would tell a fresh schedule from one that replaces a stored row.
    /// </summary>
    static Guid? TokenOf<T>(T message)
        where T : class =>
        ScheduleTokenIdCache<T>.GetTokenId(message, Guid.Empty) is var token && token != Guid.Empty ? token : null;

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        return ScheduledMessageRows.Remove(_dbContext, tokenId, cancellationToken);
    }

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) =>
        CancelScheduledSend(tokenId, cancellationToken);

    void ThrowIfClosed()
    {
        if (_closed)
            throw new InvalidOperationException("The transaction this scheduler wrote into has ended; schedule from inside the consumer");
    }
}
