using RabbitMQ.Client;

namespace Saga.Operations.ErrorQueues;

/// <summary>
/// Reads an error queue without consuming it: messages are fetched one by one unacknowledged, then all handed back with
/// one negative acknowledgement that requeues them (RabbitMQ puts them back where they were). Should the CLI die halfway,
/// the broker requeues them all the same when the connection closes.
/// </summary>
public static class ErrorQueueBrowser
{
    public static async Task<ErrorQueueSummary> BrowseAsync(IConnection connection, string errorQueue, int limit, CancellationToken cancellationToken)
    {
        if (await QueueProbe.MessageCountAsync(connection, errorQueue, cancellationToken) is not { } count)
            return new ErrorQueueSummary(errorQueue, Exists: false, 0, []);

        var messages = new List<FaultedMessage>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        ulong lastDelivery = 0;
        try
        {
            // Bounded by the count seen first, so that messages failing meanwhile cannot keep the loop going.
            while (messages.Count < Math.Min(limit, count))
            {
                var delivery = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
                if (delivery is null)
                    break;
                lastDelivery = delivery.DeliveryTag;
                messages.Add(FaultHeaders.Read(errorQueue, delivery.BasicProperties, delivery.Body));
            }
        }
        finally
        {
            if (lastDelivery != 0)
                await channel.BasicNackAsync(lastDelivery, multiple: true, requeue: true, CancellationToken.None);
        }

        return new ErrorQueueSummary(errorQueue, Exists: true, count, messages);
    }
}
