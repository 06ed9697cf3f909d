using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Shipping.Data;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Shipping;

/// <summary>
/// The orchestrator cancels a shipment whose outcome it never learnt (CancelShipment without a shipment id), and the
/// ScheduleShipment it gave up on may still arrive afterwards, or at the same moment.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public class CancelBeforeSchedulingTests(DatabaseProvider database) : ParticipantTestBase
{
    private static readonly ShippingAddress _address = new("Teststraat 1", "Somewhere", "1000", "NL");

    protected override ParticipantsTestHostOptions HostOptions { get; } = new() { Database = database, ConcurrentMessageLimit = 40 };

    [Test]
    public async Task A_cancellation_before_the_scheduling_leaves_a_void_and_the_late_scheduling_is_refused_and_books_nothing()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, null));
        var cancelled = await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId);

        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, _address, [new("SKU-CB-001", 1, 9.90m)]));
        var failed = await Host.Published<ShipmentSchedulingFailed>(m => m.OrderId == orderId);

        var shipment = await Host.Query<ShippingDbContext, Shipment>(
            db => db.Shipments.AsNoTracking().Include(s => s.Lines).SingleAsync(s => s.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.ShipmentId, Is.Null);
            Assert.That(failed.Reason, Is.EqualTo("the order was cancelled before the shipment was scheduled"));
            Assert.That(Host.PublishedSoFar<ShipmentScheduled>(m => m.OrderId == orderId), Is.Empty);
            Assert.That(shipment.Status, Is.EqualTo(ShipmentStatus.Voided));
            Assert.That(shipment.Carrier, Is.Null, "no shipment was booked");
            Assert.That(shipment.Lines, Is.Empty);
        });
    }

    [Test]
    public async Task A_cancellation_before_the_scheduling_repeated_answers_the_same_and_leaves_one_void()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, null));
        await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, null));
        var replies = await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId, 2);

        var statuses = await Host.Query<ShippingDbContext, List<ShipmentStatus>>(
            db => db.Shipments.Where(s => s.OrderId == orderId).Select(s => s.Status).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.All.EqualTo(new ShipmentCancelled(orderId, null)));
            Assert.That(statuses, Is.EqualTo(new[] { ShipmentStatus.Voided }));
        });
    }

    [Test]
    public async Task A_cancellation_without_a_shipment_id_after_the_scheduling_cancels_it_and_names_the_shipment()
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, _address, [new("SKU-CB-001", 1, 9.90m)]));
        var scheduled = await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId);

        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, null));
        await Host.Send(QueueNames.Shipping, new CancelShipment(orderId, null));
        var replies = await Host.Published<ShipmentCancelled>(m => m.OrderId == orderId, 2);

        var status = await Host.Query<ShippingDbContext, ShipmentStatus>(db => db.Shipments.Where(s => s.OrderId == orderId).Select(s => s.Status).SingleAsync());
        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.All.EqualTo(new ShipmentCancelled(orderId, scheduled.ShipmentId)));
            Assert.That(status, Is.EqualTo(ShipmentStatus.Cancelled));
        });
    }

    [Test]
    public async Task A_scheduling_and_its_cancellation_racing_end_cancelled_or_voided()
    {
        const int orders = 20;
        var orderIds = Enumerable.Range(0, orders).Select(_ => Guid.NewGuid()).ToHashSet();

        // Each order's scheduling and cancellation are consumed at the same time, on separate connections.
        await Task.WhenAll(orderIds.SelectMany(id => new[]
        {
            Host.Send(QueueNames.Shipping, new ScheduleShipment(id, _address, [new("SKU-CB-001", 1, 9.90m)])),
            Host.Send(QueueNames.Shipping, new CancelShipment(id, null)),
        }));
        var cancellations = await Host.Published<ShipmentCancelled>(m => orderIds.Contains(m.OrderId), orders);
        var outcomes = await Host.PublishedAny(
            m => m is ShipmentScheduled s && orderIds.Contains(s.OrderId) || m is ShipmentSchedulingFailed f && orderIds.Contains(f.OrderId), orders);

        var shipments = await Host.Query<ShippingDbContext, List<Shipment>>(
            db => db.Shipments.AsNoTracking().Where(s => orderIds.Contains(s.OrderId)).ToListAsync());
        var scheduled = outcomes.OfType<ShipmentScheduled>().ToDictionary(s => s.OrderId, s => s.ShipmentId);
        Assert.Multiple(() =>
        {
            Assert.That(shipments, Has.Count.EqualTo(orders));
            Assert.That(shipments.Where(s => s.Status == ShipmentStatus.Cancelled).Select(s => s.OrderId), Is.EquivalentTo(scheduled.Keys),
                "every shipment that was scheduled was cancelled");
            Assert.That(shipments.Where(s => s.Status == ShipmentStatus.Voided).Select(s => s.OrderId),
                Is.EquivalentTo(outcomes.OfType<ShipmentSchedulingFailed>().Select(f => f.OrderId)));
            Assert.That(cancellations.Where(c => scheduled.ContainsKey(c.OrderId)).Select(c => c.ShipmentId),
                Is.EquivalentTo(scheduled.Values.Select(id => (Guid?)id)), "a cancellation after the scheduling names it");
        });
    }
}
