using MassTransit;
using MassTransit.RabbitMqTransport;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Sends a stored message as <paramref name="inner"/> describes it, marked mandatory on RabbitMQ: a message that no queue is
/// bound to receive comes back (basic.return) and the send fails with <see cref="MessageReturnedException"/>, instead of
/// being confirmed and lost. Other transports ignore the mark. For sends only: a published event that nobody subscribes to
/// is meant to be dropped.
/// </summary>
internal sealed class MandatorySendPipe(IPipe<SendContext> inner) : IPipe<SendContext>
{
    public async Task Send(SendContext context)
    {
        await inner.Send(context);
        if (context is RabbitMqSendContext rabbitMq)
            rabbitMq.Mandatory = true;
    }

    public void Probe(ProbeContext context) => inner.Probe(context);
}
