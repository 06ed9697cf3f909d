using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Seeding;
using Saga.Participants.Shipping.Data;
using Saga.Participants.Tests.Infrastructure;

namespace Saga.Participants.Tests.Shipping;

public class CancelShipmentTests : ParticipantTestBase
{
    [Test]
    public async Task Cancels_a_scheduled_shipment()
    {
        var (orderId, shipmentId) = await Schedule("NL");

        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, shipmentId));

        var cancelled = await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId);
        var shipment = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.SingleAsync(s => s.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.ShipmentId, Is.EqualTo(shipmentId));
            Assert.That(shipment.Status, Is.EqualTo(ShipmentStatus.Cancelled));
            Assert.That(shipment.CancelledAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_repeated_cancel_replies_again_and_changes_nothing()
    {
        var (orderId, shipmentId) = await Schedule("AT");
        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, shipmentId));
        await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId);
        var afterFirst = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.SingleAsync(s => s.OrderId == orderId));

        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, shipmentId));
        var replies = await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId, 2);

        var afterSecond = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.SingleAsync(s => s.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.ShipmentId), Is.All.EqualTo(shipmentId));
            Assert.That(afterSecond.CancelledAt, Is.EqualTo(afterFirst.CancelledAt));
            Assert.That(afterSecond.Version, Is.EqualTo(afterFirst.Version));
        });
    }

    [Test]
    public async Task Cancelling_a_refused_shipment_replies_and_changes_nothing()
    {
        var orderId = Guid.NewGuid();
        var address = new ShippingAddress("1 George St", "Sydney", "2000", ParticipantSeedData.UnservedCountryCodes[1]);
        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, address, []));
        await Host.Published<ShipmentSchedulingFailed>(m => m.OrderId == orderId);
        var shipmentId = Guid.NewGuid();

        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, shipmentId));

        var cancelled = await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId);
        var shipment = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.SingleAsync(s => s.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.ShipmentId, Is.EqualTo(shipmentId));
            Assert.That(shipment.Status, Is.EqualTo(ShipmentStatus.Refused));
            Assert.That(shipment.CancelledAt, Is.Null);
        });
    }

    [Test]
    public async Task Cancelling_an_order_that_has_no_shipment_replies_and_stores_only_a_void()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, Guid.NewGuid()));

        await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId);
        var shipments = await Host.Query<ShippingDbContext, List<Shipment>>(db => db.Shipments.Include(s => s.Lines).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(shipments.Select(s => (s.OrderId, s.Status)), Is.EqualTo(new[] { (orderId, ShipmentStatus.Voided) }));
            Assert.That(shipments.SelectMany(s => s.Lines), Is.Empty);
            Assert.That(shipments.Single().Carrier, Is.Null);
        });
    }

    [Test]
    public async Task Cancelling_with_another_shipment_id_faults_and_changes_nothing()
    {
        var (orderId, _) = await Schedule("IT");

        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, Guid.NewGuid()));

        await Host.Published<Fault<CancelShipment>>(m => m.Message.OrderId == orderId);
        var shipment = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.SingleAsync(s => s.OrderId == orderId));
        Assert.That(shipment.Status, Is.EqualTo(ShipmentStatus.Scheduled));
    }

    private async Task<(Guid OrderId, Guid ShipmentId)> Schedule(string country)
    {
        var orderId = Guid.NewGuid();
        var address = new ShippingAddress("Teststraat 1", "Somewhere", "1000", country);
        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, address, [new("SKU-CB-001", 1, 9.90m)]));
        var scheduled = await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId);
        return (orderId, scheduled.ShipmentId);
    }
}
