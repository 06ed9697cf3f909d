using System.Collections.Concurrent;
using MassTransit;

namespace Saga.Exploration.Tests.Harness;

/// <summary>
/// Tells when the saga has consumed a message the relay delivered (by its message id), and records the saga's faults per order.
/// The saga's state and its outbox are committed by the time a consumption is observed.
/// </summary>
public sealed class SagaDeliveries(Relay relay) : IConsumeObserver
{
    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _awaited = new();

    public Task Expect(Guid messageId) =>
        _awaited.GetOrAdd(messageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        Done(context.MessageId);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        if (OrderOf(context.Message) is { } orderId)
            relay.For(orderId).RecordSagaFault($"{typeof(T).Name}: {exception.GetType().Name}: {exception.Message}");
        Done(context.MessageId);
        return Task.CompletedTask;
    }

    void Done(Guid? messageId)
    {
        if (messageId is { } id && _awaited.TryRemove(id, out var awaited))
            awaited.TrySetResult();
    }

    // Whatever the saga consumes names its order: submissions, cancellations, retries and reminders by an OrderId of their
    // own, replies and faults as the relay knows them.
    static Guid? OrderOf(object message)
    {
        var property = message.GetType().GetProperty("OrderId");
        if (property?.GetValue(message) is Guid orderId)
            return orderId;
        try
        {
            return Messages.OrderOf(message);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
