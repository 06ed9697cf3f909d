using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Saga.Operations.ErrorQueues;

/// <summary>
/// Asks the broker whether a queue exists with a passive declare, which creates nothing. A missing queue closes the
/// channel it was asked on, so each question gets a channel of its own.
/// </summary>
public static class QueueProbe
{
    /// <summary>The queue's ready messages, or null when there is no such queue.</summary>
    public static async Task<uint?> MessageCountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return declared.MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return null;
        }
    }
}
