using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Consumers;
using Saga.Participants.Payment.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Shipping.Data;
using Saga.Persistence.Inbox;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// A participant command that reaches the participant more than once with the same message id, one copy after another
/// (as a redelivery brings it) or ten copies at once, takes effect once and is answered once: its inbox row makes every
/// later copy an acknowledgement without effect. The replies are counted by the broker, on a capture queue bound to the
/// reply exchanges; without the inbox each copy would be answered again (see the last test). The test plays the
/// orchestrator, so it sends commands for orders no saga knows.
/// </summary>
[NonParallelizable]
public sealed class DuplicateCommandTests
{
    static readonly string[] ReplyExchanges =
    [
        "Saga.Contracts:PaymentProcessed", "Saga.Contracts:PaymentDeclined", "Saga.Contracts:InventoryReserved",
        "Saga.Contracts:InventoryReservationFailed", "Saga.Contracts:ShipmentScheduled", "Saga.Contracts:ShipmentSchedulingFailed",
    ];

    static readonly JsonSerializerOptions EnvelopeJson = new(JsonSerializerDefaults.Web);

    SagaSystem _system = null!;
    MessageCapture _replies = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withOrchestrator: false);
        _replies = await MessageCapture.StartAsync(_system.Settings.VirtualHost, ReplyExchanges);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _replies.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Test]
    public async Task A_payment_command_delivered_twice_charges_once_and_is_answered_once()
    {
        var messageId = NewId.NextGuid();
        var command = new ProcessPayment(Guid.NewGuid(), ParticipantSeedData.WellFundedCustomerId, 19.80m, "EUR");
        // The same bytes twice, as RabbitMQ redelivers a message whose acknowledgement it never got.
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new
        {
            messageId,
            messageType = new[] { "urn:message:Saga.Contracts:ProcessPayment" },
            message = command,
        }, EnvelopeJson);
        await using var publisher = await RawAmqpPublisher.StartAsync(_system.Settings.VirtualHost);

        await publisher.PublishEnvelopeAsync(QueueNames.Payment, envelope, messageId);
        await _system.WaitUntilSettled();
        await publisher.PublishEnvelopeAsync(QueueNames.Payment, envelope, messageId);
        var depths = await _system.WaitUntilSettled();

        await AssertChargedOnceAndAnsweredOnce(command.OrderId, messageId, depths);
    }

    [Test]
    public async Task Ten_copies_of_a_payment_command_at_once_charge_once_and_are_answered_once()
    {
        var messageId = NewId.NextGuid();
        var command = new ProcessPayment(Guid.NewGuid(), ParticipantSeedData.WellFundedCustomerId, 19.80m, "EUR");

        await SendCopies(QueueNames.Payment, command, messageId, copies: 10);
        var depths = await _system.WaitUntilSettled();

        await AssertChargedOnceAndAnsweredOnce(command.OrderId, messageId, depths);
    }

    [Test]
    public async Task Ten_copies_of_a_reservation_command_at_once_reserve_once_and_are_answered_once()
    {
        const string sku = "SKU-WC-001";
        var messageId = NewId.NextGuid();
        var command = new ReserveInventory(Guid.NewGuid(), [new OrderItem(sku, 3, 49.90m)]);
        var reservedBefore = await Reserved(sku);

        await SendCopies(QueueNames.Inventory, command, messageId, copies: 10);
        var depths = await _system.WaitUntilSettled();

        await using var inventory = _system.Inventory();
        var reservations = await inventory.Reservations.AsNoTracking().Where(r => r.OrderId == command.OrderId).ToListAsync();
        var replies = await _replies.CollectAsync(command.OrderId);
        Assert.Multiple(async () =>
        {
            Assert.That(reservations.Select(r => r.Status), Is.EqualTo(new[] { ReservationStatus.Reserved }));
            Assert.That(await Reserved(sku) - reservedBefore, Is.EqualTo(3), "the stock is reserved once");
            Assert.That(await inventory.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId), Is.EqualTo(1));
            Assert.That(replies.Select(r => r.Exchange), Is.EqualTo(new[] { "Saga.Contracts:InventoryReserved" }), "one reply");
            Assert.That(depths.GetValueOrDefault($"{QueueNames.Inventory}_error"), Is.Zero, "no copy faulted");
        });
    }

    [Test]
    public async Task Ten_copies_of_a_shipment_command_at_once_schedule_once_and_are_answered_once()
    {
        var messageId = NewId.NextGuid();
        var order = TestOrders.Valid();
        var command = new ScheduleShipment(order.OrderId, order.ShippingAddress, order.Items);

        await SendCopies(QueueNames.Shipping, command, messageId, copies: 10);
        var depths = await _system.WaitUntilSettled();

        await using var shipping = _system.Shipping();
        var shipments = await shipping.Shipments.AsNoTracking().Where(s => s.OrderId == command.OrderId).ToListAsync();
        var replies = await _replies.CollectAsync(command.OrderId);
        Assert.Multiple(async () =>
        {
            Assert.That(shipments.Select(s => s.Status), Is.EqualTo(new[] { ShipmentStatus.Scheduled }));
            Assert.That(await shipping.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId), Is.EqualTo(1));
            Assert.That(replies.Select(r => r.Exchange), Is.EqualTo(new[] { "Saga.Contracts:ShipmentScheduled" }), "one reply");
            Assert.That(depths.GetValueOrDefault($"{QueueNames.Shipping}_error"), Is.Zero, "no copy faulted");
        });
    }

    /// <summary>
    /// The inbox tells messages apart by id, not by content: a new command for an order already charged runs again and is
    /// answered again from the payment record, without a second charge. It also shows that the capture queue sees a
    /// repeated reply when there is one.
    /// </summary>
    [Test]
    public async Task A_new_message_for_an_order_already_charged_is_answered_again_without_a_second_charge()
    {
        var command = new ProcessPayment(Guid.NewGuid(), ParticipantSeedData.WellFundedCustomerId, 19.80m, "EUR");

        await SendCopies(QueueNames.Payment, command, NewId.NextGuid(), copies: 1);
        await _system.WaitUntilSettled();
        await SendCopies(QueueNames.Payment, command, NewId.NextGuid(), copies: 1);
        await _system.WaitUntilSettled();

        await using var payment = _system.Payment();
        var replies = await _replies.CollectAsync(command.OrderId);
        Assert.Multiple(async () =>
        {
            Assert.That(await payment.LedgerEntries.CountAsync(e => e.OrderId == command.OrderId), Is.EqualTo(1));
            Assert.That(replies.Select(r => r.Exchange), Is.EqualTo(Enumerable.Repeat("Saga.Contracts:PaymentProcessed", 2)));
            Assert.That(replies.Select(r => r.MessageId).Distinct().Count(), Is.EqualTo(2), "two replies, each its own message");
        });
    }

    async Task AssertChargedOnceAndAnsweredOnce(Guid orderId, Guid messageId, IReadOnlyDictionary<string, long> depths)
    {
        await using var payment = _system.Payment();
        var ledger = await payment.LedgerEntries.AsNoTracking().Where(e => e.OrderId == orderId).Select(e => e.Kind).ToListAsync();
        var records = await payment.PaymentRecords.AsNoTracking().Where(r => r.OrderId == orderId).Select(r => r.Status).ToListAsync();
        var inbox = await payment.Set<InboxMessage>().AsNoTracking().Where(m => m.MessageId == messageId).ToListAsync();
        var replies = await _replies.CollectAsync(orderId);
        Assert.Multiple(() =>
        {
            Assert.That(ledger, Is.EqualTo(new[] { LedgerEntryKind.Charge }), "one charge");
            Assert.That(records, Is.EqualTo(new[] { PaymentStatus.Processed }), "one payment record");
            Assert.That(inbox.Select(m => m.ConsumerType), Has.Exactly(1).Contains(nameof(ProcessPaymentConsumer)),
                "one inbox row, the payment consumer's");
            Assert.That(inbox, Has.Count.EqualTo(1));
            Assert.That(replies.Select(r => r.Exchange), Is.EqualTo(new[] { "Saga.Contracts:PaymentProcessed" }), "one reply");
            Assert.That(depths.GetValueOrDefault($"{QueueNames.Payment}_error"), Is.Zero, "no copy faulted");
        });
    }

    async Task SendCopies<T>(string queue, T command, Guid messageId, int copies)
        where T : class
    {
        var endpoint = await _system.Client.GetSendEndpoint(SagaSystem.QueueExchange(queue));
        await Task.WhenAll(Enumerable.Range(0, copies).Select(_ => endpoint.Send(command, context => context.MessageId = messageId)));
    }

    async Task<int> Reserved(string sku)
    {
        await using var inventory = _system.Inventory();
        return await inventory.StockItems.AsNoTracking().Where(s => s.Sku == sku).Select(s => s.Reserved).SingleAsync();
    }
}
