using Saga.Settings.Transport;

namespace Saga.Integration.Tests.Configuration;

/// <summary>Which envelopes the message-type check lets through, by the exchange RabbitMQ says the message was published to.</summary>
public sealed class MessageTypeExchangeFilterTests
{
    [TestCase("Saga.Contracts:PaymentProcessed", new[] { "urn:message:Saga.Contracts:PaymentProcessed" })]
    [TestCase("MassTransit:Fault--Saga.Contracts:ProcessPayment--",
        new[] { "urn:message:MassTransit:Fault[[Saga.Contracts:ProcessPayment]]", "urn:message:MassTransit:Fault" })]
    [TestCase("order-saga", new[] { "urn:message:Saga.Contracts:PaymentStepTimedOut" })]
    [TestCase("saga-ops_host_saga_bus_abc123", new[] { "urn:message:Saga.Contracts:OrderCancellationRefused" })]
    [TestCase("payment", new string[0])]
    public void A_message_of_its_exchanges_type_or_sent_to_a_queue_passes(string exchange, string[] messageTypes) =>
        Assert.That(MessageTypeExchangeFilter.Matches(exchange, messageTypes), Is.True);

    [TestCase("Saga.Contracts:PaymentProcessed", new[] { "urn:message:Saga.Contracts:SubmitOrder" })]
    [TestCase("Saga.Contracts:PaymentProcessed", new[] { "urn:message:Saga.Contracts:PaymentProcessed", "urn:message:Saga.Contracts:SubmitOrder" })]
    [TestCase("Saga.Contracts:PaymentProcessed", new string[0])]
    [TestCase("Saga.Contracts:SubmitOrder", new[] { "urn:message:MassTransit:Fault" })]
    [TestCase("MassTransit:Fault--Saga.Contracts:ProcessPayment--", new[] { "urn:message:MassTransit:Fault[[Saga.Contracts:PaymentProcessed]]" })]
    [TestCase("Saga.Contracts:PaymentProcessed", new[] { "Saga.Contracts:PaymentProcessed" })]
    public void A_message_naming_another_type_than_its_message_exchange_is_stopped(string exchange, string[] messageTypes) =>
        Assert.That(MessageTypeExchangeFilter.Matches(exchange, messageTypes), Is.False);
}
