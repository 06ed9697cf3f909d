using MassTransit;
using MassTransit.Serialization;
using Saga.Contracts;
using Saga.SagaOrchestrator.Validation;

namespace Saga.Orchestrator.Tests.Contracts;

/// <summary>The raw JSON that docs/messages.md shows for clients outside .NET is read by MassTransit as a valid order, in both versions.</summary>
public sealed class SubmitOrderEnvelopeTests
{
    static readonly string Envelope = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Contracts", "submit-order.envelope.json"));
    static readonly string EnvelopeV2 = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Contracts", "submit-order-v2.envelope.json"));

    [Test]
    public void The_documented_envelope_deserializes_into_a_valid_order()
    {
        var context = SystemTextJsonMessageSerializer.Instance.Deserialize(new StringMessageBody(Envelope), EmptyHeaders.Instance);

        Assert.That(context.TryGetMessage(out SubmitOrder? order), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(context.MessageId, Is.EqualTo(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")));
            Assert.That(order!.OrderId, Is.EqualTo(Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7")));
            Assert.That(order.Items, Is.EqualTo(new[] { new OrderItem("SKU-KB-001", 1, 89.90m), new OrderItem("SKU-CB-001", 3, 9.90m) }));
            Assert.That(order.ShippingAddress, Is.EqualTo(new ShippingAddress("Friedrichstrasse 43", "Berlin", "10117", "DE")));
            Assert.That(SubmitOrderValidator.Validate(order), Is.Empty);
        });
    }

    [Test]
    public void The_documented_version_2_envelope_deserializes_into_a_valid_order()
    {
        var context = SystemTextJsonMessageSerializer.Instance.Deserialize(new StringMessageBody(EnvelopeV2), EmptyHeaders.Instance);

        Assert.That(context.TryGetMessage(out SubmitOrderV2? order), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(order!.Customer, Is.EqualTo(new OrderCustomer("CUST-1001", new PersonName("Ada", "Lovelace"),
                new ContactDetails("ada@example.com", "+49 30 1234567"))));
            Assert.That(order.CustomerReference, Is.EqualTo("PO-2026-4711"));
            Assert.That(SubmitOrderValidator.Validate(order), Is.Empty);
        });
    }

    [Test]
    public void Our_own_publisher_writes_the_message_type_clients_are_told_to_use()
    {
        Assert.That(MessageUrn.ForTypeString<SubmitOrder>(), Is.EqualTo("urn:message:Saga.Contracts:SubmitOrder"));
    }

    [Test]
    public void The_messages_page_shows_exactly_this_envelope()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "messages.md"));

        Assert.That(page, Does.Contain(Envelope.Trim()), "docs/messages.md's SubmitOrder example must stay the one this test checks");
        Assert.That(page, Does.Contain(EnvelopeV2.Trim()), "docs/messages.md's SubmitOrderV2 example must stay the one this test checks");
    }

    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Saga.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Saga.sln not found above the test directory");
    }
}
