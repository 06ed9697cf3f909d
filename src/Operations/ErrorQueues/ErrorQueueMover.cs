using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Saga.Operations.ErrorQueues;

/// <summary>
/// Moves messages from an error queue back to the queue they failed on, one at a time and never losing one: each is taken
/// unacknowledged, published to its queue with a publisher confirm (mandatory, so an unroutable copy comes back as an
/// error), and acknowledged in the error queue only after the broker confirmed the copy. A failure leaves it unacknowledged,
/// so it goes back to the error queue. At worst (the CLI dies between confirm and ack) a message is in both queues, which
/// the services' inbox handles as a duplicate.
/// </summary>
/// <remarks>
/// The copy goes to the exchange MassTransit puts in front of each queue (same name, bound to it) rather than through
/// the default exchange: write on <c>amq.default</c> would let the broker user put messages into every queue.
/// </remarks>
public static class ErrorQueueMover
{
    /// <summary>Moves the message <paramref name="messageId"/>, or every message in the queue when it is null.</summary>
    public static Task<IReadOnlyList<FaultedMessage>> MoveAsync(IConnection connection, string errorQueue, string? messageId,
        CancellationToken cancellationToken) =>
        MoveAsync(connection, errorQueue, messageId is null ? null : [messageId], cancellationToken);

    /// <summary>
    /// Moves the messages whose ids are in <paramref name="messageIds"/> (each at most once), or every message in the queue
    /// when it is null; the others stay in the error queue. Fails when none of the ids is in the queue; ids not found beside
    /// ones moved are not an error (the caller compares what was moved with what it asked for).
    /// </summary>
    public static async Task<IReadOnlyList<FaultedMessage>> MoveAsync(IConnection connection, string errorQueue,
        IReadOnlyCollection<string>? messageIds, CancellationToken cancellationToken)
    {
        if (messageIds is { Count: 0 })
            throw new OperationException(OperationFailure.Failed, $"no message ids given to move out of {errorQueue}");
        if (await QueueProbe.MessageCountAsync(connection, errorQueue, cancellationToken) is not { } count)
            throw new OperationException(OperationFailure.Failed, $"there is no queue {errorQueue}");

        var wanted = messageIds is null ? null : new HashSet<string>(messageIds, StringComparer.OrdinalIgnoreCase);
        var moved = new List<FaultedMessage>();
        var targets = new Dictionary<string, bool>(StringComparer.Ordinal);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        // Bounded by the count seen first: a moved message that fails again lands in the error queue anew and must not be moved twice.
        for (var i = 0; i < count && wanted is not { Count: 0 }; i++)
        {
            var delivery = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
            if (delivery is null)
                break;

            var message = FaultHeaders.Read(errorQueue, delivery.BasicProperties, delivery.Body);
            // Messages passed over stay unacknowledged and return to the error queue when the channel closes.
            if (wanted is not null && (message.MessageId is null || !wanted.Contains(message.MessageId)))
                continue;

            var target = message.OriginalQueue;
            if (!targets.TryGetValue(target, out var exists))
                targets[target] = exists = await QueueProbe.MessageCountAsync(connection, target, cancellationToken) is not null;
            if (!exists)
                throw new OperationException(OperationFailure.Failed, $"message {message.MessageId} failed on queue {target}, which no longer exists; it stays in {errorQueue}");

            try
            {
                await channel.BasicPublishAsync(target, "", mandatory: true, WithoutFault(delivery.BasicProperties), delivery.Body, cancellationToken);
            }
            catch (PublishException e)
            {
                throw new OperationException(OperationFailure.Failed,
                    $"the broker did not take message {message.MessageId} for {target} ({(e.IsReturn ? "returned" : "not confirmed")}); it stays in {errorQueue}", e);
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
            moved.Add(message);
            // Each id once: a second copy of the same message (a duplicate fault) stays where it is.
            wanted?.Remove(message.MessageId!);
        }

        if (messageIds is not null && moved.Count == 0)
        {
            throw new OperationException(OperationFailure.Failed, messageIds.Count == 1
                ? $"no message {messageIds.First()} in {errorQueue}"
                : $"none of the {messageIds.Count} messages asked for is in {errorQueue}");
        }

        return moved;
    }

    /// <summary>The message as it was sent: its properties and headers, less the fault headers (a new failure writes new ones).</summary>
    static BasicProperties WithoutFault(IReadOnlyBasicProperties properties)
    {
        var copy = new BasicProperties(properties);
        if (properties.Headers is { } headers)
        {
            copy.Headers = headers
                .Where(h => !h.Key.StartsWith(FaultHeaders.Prefix, StringComparison.Ordinal) && h.Key != FaultHeaders.Reason)
                .ToDictionary(h => h.Key, h => h.Value);
        }

        return copy;
    }
}
