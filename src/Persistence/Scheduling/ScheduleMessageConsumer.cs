using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Scheduling;

/// <summary>
/// Consumes MassTransit's own scheduling commands and keeps them in <c>scheduled_messages</c>. It runs behind the
/// transactional inbox, so a redelivered command changes nothing, and the dispatcher sends each row when due.
/// </summary>
public sealed class ScheduleMessageConsumer<TDbContext> : IConsumer<ScheduleMessage>, IConsumer<CancelScheduledMessage>
    where TDbContext : DbContext
{
    readonly TDbContext _dbContext;
    readonly SchedulerSignal<TDbContext> _signal;
    readonly TimeProvider _timeProvider;

    public ScheduleMessageConsumer(TDbContext dbContext, SchedulerSignal<TDbContext> signal, TimeProvider timeProvider)
    {
        _dbContext = dbContext;
        _signal = signal;
        _timeProvider = timeProvider;
    }

    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var command = context.Message;
        if (command.Destination is null)
            throw new MessageException(typeof(ScheduleMessage), $"Schedule {command.CorrelationId} has no destination");

        // The payload arrives as part of the command; store it as the envelope it will be sent in, with the command's headers.
        var body = context.SerializerContext.GetMessageSerializer(command.Payload, command.PayloadType)
            .GetMessageBody(new MessageSendContext<ScheduleMessage>(command));

        var row = await ScheduledMessageRows.FindOrAdd(_dbContext, command.CorrelationId, command.Destination, context.CancellationToken);
        row.DueAt = UtcDateTimes.AsUtc(command.ScheduledTime);
        row.DestinationAddress = command.Destination;
        row.MessageId = context.MessageId ?? NewId.NextGuid();
        row.ContentType = (context.ReceiveContext.ContentType ?? SystemTextJsonMessageSerializer.JsonContentType).ToString();
        row.MessageType = string.Join(";", command.PayloadType);
        row.Body = body.GetString();
        // The token travels with the message, so a saga can tell a current deadline from one it has since replaced.
        var headers = context.Headers.GetAll().Where(x => x.Key != MessageHeaders.SchedulingTokenId)
            .Append(new KeyValuePair<string, object>(MessageHeaders.SchedulingTokenId, command.CorrelationId.ToString("D")));
        row.Headers = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(headers);
        row.ConversationId = context.ConversationId;
        row.CorrelationId = context.CorrelationId;
        row.InitiatorId = context.InitiatorId;
        row.SourceAddress = context.SourceAddress;
        row.ScheduledAt = _timeProvider.GetUtcNow().UtcDateTime;

        await _dbContext.SaveChangesAsync(context.CancellationToken);
        _signal.Notify();
    }

    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        await ScheduledMessageRows.Remove(_dbContext, context.Message.TokenId, context.CancellationToken);
        await _dbContext.SaveChangesAsync(context.CancellationToken);
    }
}
