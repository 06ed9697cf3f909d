using System.Text;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Payment.Data;
using Saga.Participants.Seeding;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// The orchestrator and the participants as separate hosts over a real RabbitMQ broker, each with its own PostgreSQL
/// database, driven the way clients drive them: every saga path, raw AMQP clients, and bad input.
/// </summary>
[NonParallelizable]
public sealed class OrderSagaOverRabbitMqTests
{
    SagaSystem _system = null!;

    [OneTimeSetUp]
    public async Task Start() => _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync());

    [OneTimeTearDown]
    public async Task Stop() => await _system.DisposeAsync();

    [Test]
    public async Task An_order_completes_through_payment_inventory_and_shipping()
    {
        var order = TestOrders.Valid();

        await _system.Submit(order);

        var saga = await _system.WaitForOutcome(order.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("Completed"));
            Assert.That(saga.PaymentId, Is.Not.Null);
            Assert.That(saga.ReservationId, Is.Not.Null);
            Assert.That(saga.ShipmentId, Is.Not.Null);
        });
        await using var orchestrator = _system.Orchestrator();
        var history = await orchestrator.Transitions.Where(t => t.CorrelationId == order.OrderId).OrderBy(t => t.Id).Select(t => t.ToState).ToListAsync();
        Assert.That(history, Is.EqualTo(new[] { "AwaitingPayment", "AwaitingFraudCheck", "AwaitingInventory", "AwaitingShipment", "Completed" }));
    }

    [Test]
    public async Task A_declined_payment_ends_compensated()
    {
        var order = TestOrders.OverCreditLimit();

        await _system.Submit(order);

        var saga = await _system.WaitForOutcome(order.OrderId);
        Assert.That(saga.CurrentState, Is.EqualTo("Compensated"));
        Assert.That(saga.FailureReason, Does.StartWith("payment declined: insufficient credit"));
    }

    [Test]
    public async Task A_failed_reservation_refunds_the_payment()
    {
        var order = TestOrders.ShortOfStock();

        await _system.Submit(order);

        var saga = await _system.WaitForOutcome(order.OrderId);
        await using var payment = _system.Payment();
        var ledger = await payment.LedgerEntries.Where(e => e.OrderId == order.OrderId).Select(e => e.Kind).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(saga.FailureReason, Does.StartWith("inventory not reserved"));
            Assert.That(saga.PaymentRefunded, Is.True);
            Assert.That(ledger, Is.EquivalentTo(new[] { LedgerEntryKind.Charge, LedgerEntryKind.Refund }));
        });
    }

    [Test]
    public async Task A_refused_shipment_releases_the_stock_and_refunds_the_payment()
    {
        var order = TestOrders.ToUnservedCountry();
        await using (var inventory = _system.Inventory())
            await inventory.StockItems.AsNoTracking().SingleAsync(s => s.Sku == ParticipantSeedData.WellStockedSku);

        await _system.Submit(order);

        var saga = await _system.WaitForOutcome(order.OrderId);
        await using var after = _system.Inventory();
        var reservation = await after.Reservations.AsNoTracking().SingleAsync(r => r.OrderId == order.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(saga.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(saga.FailureReason, Is.EqualTo("shipment not scheduled: country BR is not served"));
            Assert.That(saga.InventoryReleased && saga.PaymentRefunded, Is.True);
            Assert.That(reservation.Status.ToString(), Is.EqualTo("Released"));
        });
    }

    [Test]
    public async Task An_invalid_order_is_rejected_with_its_reasons()
    {
        var order = TestOrders.Valid() with { Currency = "EURO", Items = [] };

        await _system.Submit(order);

        var saga = await _system.WaitForOutcome(order.OrderId);
        Assert.That(saga.CurrentState, Is.EqualTo("Rejected"));
        Assert.That(saga.FailureReason, Is.EqualTo("the order has no items; Currency 'EURO' is not an ISO 4217 code"));
    }

    [Test]
    public async Task Cancelling_a_completed_order_is_refused()
    {
        var order = TestOrders.Valid();
        await _system.Submit(order);
        await _system.WaitForState(order.OrderId, "Completed");

        var response = await _system.Cancel(order.OrderId, "too late");

        Assert.That(response.Is(out MassTransit.Response<OrderCancellationRefused>? refused), Is.True);
        Assert.That(refused!.Message.Reason, Is.EqualTo("the order is already completed"));
        Assert.That((await _system.Find(order.OrderId))!.CurrentState, Is.EqualTo("Completed"));
    }

    [Test]
    public async Task Ten_copies_of_one_order_start_one_saga_and_charge_once()
    {
        var order = TestOrders.Valid();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _system.Submit(order)));

        await _system.WaitForState(order.OrderId, "Completed");
        await using var payment = _system.Payment();
        await using var orchestrator = _system.Orchestrator();
        Assert.Multiple(async () =>
        {
            Assert.That(await orchestrator.Orders.CountAsync(o => o.CorrelationId == order.OrderId), Is.EqualTo(1));
            Assert.That(await payment.LedgerEntries.CountAsync(e => e.OrderId == order.OrderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_client_without_MassTransit_starts_a_saga_with_raw_JSON()
    {
        var orderId = Guid.NewGuid();
        var envelope = $$"""
            {
              "messageId": "{{Guid.NewGuid()}}",
              "messageType": ["urn:message:Saga.Contracts:SubmitOrder"],
              "message": {
                "orderId": "{{orderId}}",
                "customerId": "{{ParticipantSeedData.WellFundedCustomerId}}",
                "items": [ { "sku": "{{ParticipantSeedData.WellStockedSku}}", "quantity": 1, "unitPrice": 9.90 } ],
                "currency": "EUR",
                "shippingAddress": { "line1": "Damrak 70", "city": "Amsterdam", "postalCode": "1012 LM", "country": "NL" }
              }
            }
            """;

        await PublishRaw("Saga.Contracts:SubmitOrder", Encoding.UTF8.GetBytes(envelope), "application/vnd.masstransit+json");

        var saga = await _system.WaitForOutcome(orderId);
        Assert.That(saga.CurrentState, Is.EqualTo("Completed"));
        Assert.That(saga.ShipToCountry, Is.EqualTo("NL"));
    }

    [Test]
    public async Task A_malformed_message_goes_to_the_error_queue_and_the_next_order_still_completes()
    {
        var errorsBefore = (await _system.QueueDepths()).GetValueOrDefault($"{QueueNames.Orders}_error");

        await PublishRaw("Saga.Contracts:SubmitOrder", "{ this is not json"u8.ToArray(), "application/vnd.masstransit+json");
        var order = TestOrders.Valid();
        await _system.Submit(order);

        Assert.That((await _system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"));
        await _system.WaitForQueueDepth($"{QueueNames.Orders}_error", errorsBefore + 1, "the malformed message waits in the error queue for an operator");
    }

    [Test]
    public async Task A_message_of_an_unknown_type_is_set_aside_in_the_skipped_queue()
    {
        var skippedBefore = (await _system.QueueDepths()).GetValueOrDefault($"{QueueNames.Orders}_skipped");
        var envelope = $$"""{ "messageId": "{{Guid.NewGuid()}}", "messageType": ["urn:message:Saga.Contracts:ShipToTheMoon"], "message": { } }""";

        await PublishRaw("", Encoding.UTF8.GetBytes(envelope), "application/vnd.masstransit+json", routingKey: QueueNames.Orders);
        var order = TestOrders.Valid();
        await _system.Submit(order);

        Assert.That((await _system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"));
        await _system.WaitForQueueDepth($"{QueueNames.Orders}_skipped", skippedBefore + 1, "the message of an unknown type is set aside");
    }

    /// <summary>Publishes with the plain RabbitMQ client, as a service written in another language would.</summary>
    async Task PublishRaw(string exchange, byte[] body, string contentType, string routingKey = "")
    {
        var factory = new ConnectionFactory
        {
            HostName = Servers.Rabbit.Host,
            Port = Servers.Rabbit.Port,
            VirtualHost = _system.Settings.VirtualHost,
            UserName = Servers.Rabbit.Username,
            Password = Servers.Rabbit.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = contentType, DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body);
    }
}
