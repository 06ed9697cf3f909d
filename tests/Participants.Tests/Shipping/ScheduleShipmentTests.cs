using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Seeding;
using Saga.Participants.Shipping.Data;
using Saga.Participants.Tests.Infrastructure;

namespace Saga.Participants.Tests.Shipping;

public class ScheduleShipmentTests : ParticipantTestBase
{
    private static readonly OrderItem[] _items = [new("SKU-KB-001", 1, 89.90m), new("SKU-KB-001", 1, 89.90m), new("SKU-MS-001", 2, 24.90m)];

    [Test]
    public async Task Schedules_with_the_carrier_of_the_destination_country()
    {
        var orderId = Guid.NewGuid();
        var address = new ShippingAddress("Friedrichstraße 43", "Berlin", "10117", "DE");

        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, address, _items));

        var scheduled = await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId);
        var shipment = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.Include(s => s.Lines).SingleAsync(s => s.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(shipment.ShipmentId, Is.EqualTo(scheduled.ShipmentId));
            Assert.That(shipment.Status, Is.EqualTo(ShipmentStatus.Scheduled));
            Assert.That(shipment.Carrier, Is.EqualTo("DHL"));
            Assert.That(shipment.Country, Is.EqualTo("DE"));
            Assert.That(shipment.City, Is.EqualTo("Berlin"));
            Assert.That(shipment.PostalCode, Is.EqualTo("10117"));
            Assert.That(shipment.Line1, Is.EqualTo("Friedrichstraße 43"));
            Assert.That(shipment.Lines.ToDictionary(l => l.Sku, l => l.Quantity),
                Is.EquivalentTo(new Dictionary<string, int> { ["SKU-KB-001"] = 2, ["SKU-MS-001"] = 2 }));
        });
    }

    [Test]
    public async Task Accepts_a_lower_case_country_code()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, new ShippingAddress("1 Main St", "Toronto", "M5H 2N2", "ca"), _items));

        await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId);
        var shipment = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.SingleAsync(s => s.OrderId == orderId));
        Assert.That(shipment.Carrier, Is.EqualTo("Canada Post"));
    }

    [Test]
    public async Task Refuses_a_country_that_is_not_served_and_records_it()
    {
        var orderId = Guid.NewGuid();
        var country = ParticipantSeedData.UnservedCountryCodes[0];

        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, new ShippingAddress("Av. Paulista 1000", "São Paulo", "01310-100", country), _items));

        var failed = await Host.Published<ShipmentSchedulingFailed>(m => m.OrderId == orderId);
        var shipment = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.SingleAsync(s => s.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Is.EqualTo($"country {country} is not served"));
            Assert.That(shipment.Status, Is.EqualTo(ShipmentStatus.Refused));
            Assert.That(shipment.RefusalReason, Is.EqualTo(failed.Reason));
            Assert.That(shipment.Carrier, Is.Null);
        });
    }

    [Test]
    public async Task Refuses_a_malformed_country_code_without_storing_anything()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, new ShippingAddress("Damrak 1", "Amsterdam", "1012 LG", "NLD"), _items));

        var failed = await Host.Published<ShipmentSchedulingFailed>(m => m.OrderId == orderId);
        var shipments = await Host.Query<ShippingDbContext, int>(db => db.Shipments.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Does.Contain("NLD"));
            Assert.That(shipments, Is.Zero);
        });
    }

    [Test]
    public async Task A_repeated_command_replies_the_same_shipment_and_stores_one()
    {
        var orderId = Guid.NewGuid();
        var command = new ScheduleShipment(orderId, new ShippingAddress("10 Downing St", "London", "SW1A 2AA", "GB"), _items);

        await Host.Send(QueueNames.Shipping, command);
        var first = await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Shipping, command);
        var replies = await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId, 2);

        var shipments = await Host.Query<ShippingDbContext, int>(db => db.Shipments.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.ShipmentId), Is.All.EqualTo(first.ShipmentId));
            Assert.That(shipments, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_same_command_delivered_concurrently_schedules_exactly_once()
    {
        const int copies = 6;
        var orderId = Guid.NewGuid();
        var command = new ScheduleShipment(orderId, new ShippingAddress("Rue de Rivoli 99", "Paris", "75001", "FR"), _items);

        await Host.SendConcurrently(QueueNames.Shipping, Enumerable.Repeat(command, copies).ToList());

        var replies = await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId, copies);
        var shipments = await Host.Query<ShippingDbContext, int>(db => db.Shipments.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.ShipmentId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(shipments, Is.EqualTo(1));
        });
    }
}
