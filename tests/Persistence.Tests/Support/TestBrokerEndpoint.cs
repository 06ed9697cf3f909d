using MassTransit;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// One destination of the <see cref="TestBroker"/>: holds a send the test asked to hold, refuses sends during an outage,
/// otherwise hands them to the bus's endpoint and, once it accepted them, records the message id and type the send pipe
/// gave them.
/// </summary>
public sealed class TestBrokerEndpoint(TestBroker broker, Uri address, ISendEndpoint endpoint) : ISendEndpoint
{
    public Task Send<T>(T message, CancellationToken cancellationToken = default)
        where T : class =>
        Deliver(new Capture<SendContext<T>>(null), capture => endpoint.Send(message, capture, cancellationToken), cancellationToken);

    public Task Send<T>(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        Deliver(new Capture<SendContext<T>>(pipe), capture => endpoint.Send(message, capture, cancellationToken), cancellationToken);

    public Task Send<T>(T message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        Deliver(new Capture<SendContext>(pipe), capture => endpoint.Send(message, capture, cancellationToken), cancellationToken);

    public Task Send(object message, CancellationToken cancellationToken = default) =>
        Deliver(new Capture<SendContext>(null), capture => endpoint.Send(message, capture, cancellationToken), cancellationToken);

    public Task Send(object message, Type messageType, CancellationToken cancellationToken = default) =>
        Deliver(new Capture<SendContext>(null), capture => endpoint.Send(message, messageType, capture, cancellationToken), cancellationToken);

    public Task Send(object message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) =>
        Deliver(new Capture<SendContext>(pipe), capture => endpoint.Send(message, capture, cancellationToken), cancellationToken);

    public Task Send(object message, Type messageType, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) =>
        Deliver(new Capture<SendContext>(pipe), capture => endpoint.Send(message, messageType, capture, cancellationToken), cancellationToken);

    public Task Send<T>(object values, CancellationToken cancellationToken = default)
        where T : class =>
        Deliver(new Capture<SendContext<T>>(null), capture => endpoint.Send<T>(values, capture, cancellationToken), cancellationToken);

    public Task Send<T>(object values, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        Deliver(new Capture<SendContext<T>>(pipe), capture => endpoint.Send<T>(values, capture, cancellationToken), cancellationToken);

    public Task Send<T>(object values, IPipe<SendContext> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        Deliver(new Capture<SendContext>(pipe), capture => endpoint.Send<T>(values, capture, cancellationToken), cancellationToken);

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => endpoint.ConnectSendObserver(observer);

    async Task Deliver<TContext>(Capture<TContext> capture, Func<Capture<TContext>, Task> send, CancellationToken cancellationToken)
        where TContext : class, SendContext
    {
        await broker.EnsureReachable(address, cancellationToken);
        await send(capture);
        broker.Accepted(new SentMessage(capture.MessageId ?? Guid.Empty, address, capture.MessageType));
    }

    /// <summary>Runs the caller's send pipe, then notes what it made of the message.</summary>
    sealed class Capture<TContext>(IPipe<TContext>? pipe) : IPipe<TContext>
        where TContext : class, SendContext
    {
        public Guid? MessageId { get; private set; }

        public string? MessageType { get; private set; }

        public async Task Send(TContext context)
        {
            if (pipe is not null)
                await pipe.Send(context);
            MessageId = context.MessageId;
            MessageType = context.SupportedMessageTypes.FirstOrDefault();
        }

        public void Probe(ProbeContext context) => pipe?.Probe(context);
    }
}
