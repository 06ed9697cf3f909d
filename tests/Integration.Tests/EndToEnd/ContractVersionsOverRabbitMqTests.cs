using System.Text;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Seeding;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// Both versions of the submit contract over a real broker, as a client outside .NET sends them: raw JSON envelopes
/// published with the plain RabbitMQ client to each version's message exchange, which the orchestrator binds to its
/// queue. A version 1 order (with or without the later CustomerReference) and a version 2 order end alike.
/// </summary>
[NonParallelizable]
public sealed class ContractVersionsOverRabbitMqTests
{
    const string Items = $$"""[ { "sku": "{{ParticipantSeedData.WellStockedSku}}", "quantity": 2, "unitPrice": 9.90 } ]""";
    const string Address = """{ "line1": "Damrak 70", "city": "Amsterdam", "postalCode": "1012 LM", "country": "NL" }""";

    SagaSystem _system = null!;
    RawAmqpPublisher _publisher = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync());
        _publisher = await RawAmqpPublisher.StartAsync(_system.Settings.VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _publisher.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Test]
    public async Task The_orchestrator_binds_both_versions_message_exchanges_to_its_queue()
    {
        var bindings = await _system.Settings.Broker.RunCtlAsync("list_bindings", "-p", _system.Settings.VirtualHost, "-q", "--no-table-headers",
            "source_name", "destination_name");

        Assert.That(bindings.Split('\n').Select(line => line.Trim()), Does.Contain($"Saga.Contracts:SubmitOrder\t{QueueNames.Orders}")
            .And.Contain($"Saga.Contracts:SubmitOrderV2\t{QueueNames.Orders}"));
    }

    [Test]
    public async Task Version_1_without_a_reference_version_1_with_one_and_version_2_complete_with_the_same_order()
    {
        var v1 = Guid.NewGuid();
        var v1WithReference = Guid.NewGuid();
        var v2 = Guid.NewGuid();

        await Publish("SubmitOrder", $$"""
            { "orderId": "{{v1}}", "customerId": "{{ParticipantSeedData.WellFundedCustomerId}}", "items": {{Items}}, "currency": "EUR",
              "shippingAddress": {{Address}} }
            """);
        await Publish("SubmitOrder", $$"""
            { "orderId": "{{v1WithReference}}", "customerId": "{{ParticipantSeedData.WellFundedCustomerId}}", "items": {{Items}}, "currency": "EUR",
              "shippingAddress": {{Address}}, "customerReference": "PO-2026-4711" }
            """);
        await Publish("SubmitOrderV2", $$"""
            { "orderId": "{{v2}}",
              "customer": { "id": "{{ParticipantSeedData.WellFundedCustomerId}}", "name": { "given": "Ada", "family": "Lovelace" },
                            "contact": { "email": "ada@example.com", "phone": "+31 20 555 0100" } },
              "items": {{Items}}, "currency": "EUR", "shippingAddress": {{Address}}, "customerReference": "PO-2026-4712" }
            """);

        var sagas = new[] { await _system.WaitForOutcome(v1), await _system.WaitForOutcome(v1WithReference), await _system.WaitForOutcome(v2) };

        Assert.Multiple(() =>
        {
            foreach (var saga in sagas)
            {
                Assert.That(saga.CurrentState, Is.EqualTo("Completed"), $"order {saga.OrderId}: {saga.FailureReason}");
                Assert.That((saga.CustomerId, saga.Amount, saga.Currency, saga.ShipToCountry),
                    Is.EqualTo((ParticipantSeedData.WellFundedCustomerId, 19.80m, "EUR", "NL")), $"order {saga.OrderId}");
                Assert.That(saga.Items, Is.EqualTo(new[] { new OrderItem(ParticipantSeedData.WellStockedSku, 2, 9.90m) }), $"order {saga.OrderId}");
            }

            Assert.That(sagas.Select(s => s.CustomerReference), Is.EqualTo(new[] { null, "PO-2026-4711", "PO-2026-4712" }));
            Assert.That(Contact(sagas[0]), Is.All.Null, "version 1 has no contact");
            Assert.That(Contact(sagas[2]), Is.EqualTo(new[] { "Ada", "Lovelace", "ada@example.com", "+31 20 555 0100" }));
        });
    }

    [Test]
    public async Task A_version_2_order_with_a_bad_email_address_is_rejected_with_its_reason()
    {
        var orderId = Guid.NewGuid();

        await Publish("SubmitOrderV2", $$"""
            { "orderId": "{{orderId}}",
              "customer": { "id": "{{ParticipantSeedData.WellFundedCustomerId}}", "name": { "given": "Ada", "family": "Lovelace" },
                            "contact": { "email": "ada.example.com" } },
              "items": {{Items}}, "currency": "EUR", "shippingAddress": {{Address}} }
            """);

        var saga = await _system.WaitForOutcome(orderId);
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("Rejected"));
            Assert.That(saga.FailureReason, Is.EqualTo("Customer.Contact.Email 'ada.example.com' is not an e-mail address"));
            Assert.That(saga.PaymentId, Is.Null);
        });
    }

    static string?[] Contact(OrderState saga) => [saga.CustomerGivenName, saga.CustomerFamilyName, saga.CustomerEmail, saga.CustomerPhone];

    /// <summary>Publishes the smallest envelope a client outside .NET writes to the message type's exchange.</summary>
    Task Publish(string messageType, string message)
    {
        var messageId = Guid.NewGuid();
        var envelope = $$"""
            { "messageId": "{{messageId}}", "messageType": ["urn:message:Saga.Contracts:{{messageType}}"], "message": {{message}} }
            """;
        return _publisher.PublishEnvelopeAsync($"Saga.Contracts:{messageType}", Encoding.UTF8.GetBytes(envelope), messageId);
    }
}
