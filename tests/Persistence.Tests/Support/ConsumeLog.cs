using System.Collections.Concurrent;
using MassTransit;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Every message the bus's endpoints finished with, in order, duplicates included: the harness's own lists keep only
/// the first message of each message id, and counting redeliveries is what the inbox tests are about. An entry is
/// written once the whole consume pipe returned, retries, inbox and outbox included.
/// </summary>
public sealed class ConsumeLog : IConsumeObserver
{
    readonly ConcurrentQueue<ConsumedMessage> _entries = new();

    public IReadOnlyList<ConsumedMessage> Faults => [.. _entries.Where(x => x.Fault is not null)];

    /// <summary>How many deliveries of the message with <paramref name="messageId"/> were acknowledged without a fault.</summary>
    public int Acknowledged<T>(Guid messageId)
        where T : class =>
        _entries.Count(x => x.Fault is null && x.Message is T && x.MessageId == messageId);

    /// <summary>The <typeparamref name="T"/> messages consumed without a fault, in the order their consumers finished.</summary>
    public IReadOnlyList<T> Messages<T>()
        where T : class =>
        [.. _entries.Where(x => x.Fault is null).Select(x => x.Message).OfType<T>()];

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class =>
        Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _entries.Enqueue(new ConsumedMessage(context.MessageId, context.Message, null));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        _entries.Enqueue(new ConsumedMessage(context.MessageId, context.Message, exception));
        return Task.CompletedTask;
    }
}
