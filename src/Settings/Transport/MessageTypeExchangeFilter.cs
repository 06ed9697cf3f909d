using MassTransit;

namespace Saga.Settings.Transport;

/// <summary>
/// Lets a message through only if the message types its envelope names are those of the message exchange it was
/// published to. Broker permissions decide who may publish to <c>Saga.Contracts:PaymentProcessed</c>, but MassTransit
/// picks the consumer by the envelope's types, not by the exchange: without this check whoever may publish a reply could
/// name it <c>SubmitOrder</c> in the envelope and have it consumed as an order.
/// </summary>
/// <remarks>
/// Messages that came through a queue's own exchange (a name without <c>:</c>: commands, reminders, answers, messages an
/// operator moved back) pass: whoever may write those exchanges may send the queue any message type. A message that
/// fails the check throws <see cref="MessageTypeExchangeMismatchException"/>, so it lands in the queue's <c>_error</c>
/// queue without reaching a consumer.
/// </remarks>
public sealed class MessageTypeExchangeFilter : IFilter<ConsumeContext>
{
    const string UrnPrefix = "urn:message:";
    const string FaultUrn = UrnPrefix + "MassTransit:Fault";
    const string FaultExchangePrefix = "MassTransit:Fault--";

    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        if (context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) && !Matches(delivery.Exchange, context.SupportedMessageTypes))
            throw new MessageTypeExchangeMismatchException(delivery.Exchange, context.SupportedMessageTypes);

        return next.Send(context);
    }

    /// <summary>
    /// True when <paramref name="exchange"/> is not a message exchange, or when every type names it (a fault's envelope
    /// also names the non-generic <c>MassTransit:Fault</c> that every fault implements).
    /// </summary>
    public static bool Matches(string exchange, IEnumerable<string> messageTypes)
    {
        if (!exchange.Contains(':', StringComparison.Ordinal))
            return true;

        var types = messageTypes.ToList();
        return types.Count > 0 && types.All(type =>
            string.Equals(ExchangeOf(type), exchange, StringComparison.Ordinal)
            || (string.Equals(type, FaultUrn, StringComparison.Ordinal) && exchange.StartsWith(FaultExchangePrefix, StringComparison.Ordinal)));
    }

    /// <summary>The exchange MassTransit publishes a message type to: <c>urn:message:MassTransit:Fault[[Saga.Contracts:X]]</c> goes to <c>MassTransit:Fault--Saga.Contracts:X--</c>.</summary>
    static string? ExchangeOf(string messageType) =>
        messageType.StartsWith(UrnPrefix, StringComparison.Ordinal)
            ? messageType[UrnPrefix.Length..].Replace("[[", "--", StringComparison.Ordinal).Replace("]]", "--", StringComparison.Ordinal)
            : null;

    public void Probe(ProbeContext context) => context.CreateFilterScope("messageTypeExchange");
}
