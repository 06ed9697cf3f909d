using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Inventory;

/// <summary>
/// The orchestrator releases a reservation whose outcome it never learnt (ReleaseInventory without a reservation id), and
/// the ReserveInventory it gave up on may still arrive afterwards, or at the same moment.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public class ReleaseBeforeReservationTests(DatabaseProvider database) : ParticipantTestBase
{
    private const string _sku = "SKU-TEST-VOID";
    private const string _otherSku = "SKU-TEST-VOID-2";

    protected override ParticipantsTestHostOptions HostOptions { get; } = new() { Database = database, ConcurrentMessageLimit = 40 };

    [SetUp]
    public Task Stock() => Host.Arrange<InventoryDbContext>(db => db.StockItems.AddRange(
        new StockItem(_sku, "void test item", 100), new StockItem(_otherSku, "other void test item", 100)));

    [Test]
    public async Task A_release_before_the_reservation_leaves_a_void_and_the_late_reservation_is_refused_and_takes_nothing()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, null));
        var released = await Host.Published<InventoryReleased>(m => m.OrderId == orderId);

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, [new(_sku, 3, 1m), new(_otherSku, 1, 1m)]));
        var failed = await Host.Published<InventoryReservationFailed>(m => m.OrderId == orderId);

        var reservation = await Host.Query<InventoryDbContext, Reservation>(
            db => db.Reservations.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.OrderId == orderId));
        var reserved = await Reserved();
        Assert.Multiple(() =>
        {
            Assert.That(released.ReservationId, Is.Null);
            Assert.That(failed.Reason, Is.EqualTo("the order was cancelled before the inventory was reserved"));
            Assert.That(Host.PublishedSoFar<InventoryReserved>(m => m.OrderId == orderId), Is.Empty);
            Assert.That(reservation.Status, Is.EqualTo(ReservationStatus.Voided));
            Assert.That(reservation.Lines, Is.Empty);
            Assert.That(reserved, Is.Zero, "stock unchanged");
        });
    }

    [Test]
    public async Task A_release_before_the_reservation_repeated_answers_the_same_and_leaves_one_void()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, null));
        await Host.Published<InventoryReleased>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, null));
        var replies = await Host.Published<InventoryReleased>(m => m.OrderId == orderId, 2);

        var statuses = await Host.Query<InventoryDbContext, List<ReservationStatus>>(
            db => db.Reservations.Where(r => r.OrderId == orderId).Select(r => r.Status).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.All.EqualTo(new InventoryReleased(orderId, null)));
            Assert.That(statuses, Is.EqualTo(new[] { ReservationStatus.Voided }));
        });
    }

    [Test]
    public async Task A_release_without_a_reservation_id_after_the_reservation_releases_it_and_names_the_reservation()
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, [new(_sku, 4, 1m), new(_otherSku, 2, 1m)]));
        var reserved = await Host.Published<InventoryReserved>(m => m.OrderId == orderId);

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, null));
        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, null));
        var replies = await Host.Published<InventoryReleased>(m => m.OrderId == orderId, 2);

        var status = await Host.Query<InventoryDbContext, ReservationStatus>(
            db => db.Reservations.Where(r => r.OrderId == orderId).Select(r => r.Status).SingleAsync());
        var stillReserved = await Reserved();
        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.All.EqualTo(new InventoryReleased(orderId, reserved.ReservationId)));
            Assert.That(status, Is.EqualTo(ReservationStatus.Released));
            Assert.That(stillReserved, Is.Zero, "released once, in full");
        });
    }

    [Test]
    public async Task A_reservation_and_its_release_racing_end_released_or_voided_and_hold_no_stock()
    {
        const int orders = 20;
        var orderIds = Enumerable.Range(0, orders).Select(_ => Guid.NewGuid()).ToHashSet();

        // Each order's reservation and release are consumed at the same time, on separate connections.
        await Task.WhenAll(orderIds.SelectMany(id => new[]
        {
            Host.Send(QueueNames.Inventory, new ReserveInventory(id, [new(_otherSku, 1, 1m), new(_sku, 2, 1m)])),
            Host.Send(QueueNames.Inventory, new ReleaseInventory(id, null)),
        }));
        var releases = await Host.Published<InventoryReleased>(m => orderIds.Contains(m.OrderId), orders);
        var outcomes = await Host.PublishedAny(
            m => m is InventoryReserved r && orderIds.Contains(r.OrderId) || m is InventoryReservationFailed f && orderIds.Contains(f.OrderId), orders);

        var reservations = await Host.Query<InventoryDbContext, List<Reservation>>(
            db => db.Reservations.AsNoTracking().Where(r => orderIds.Contains(r.OrderId)).ToListAsync());
        var reserved = outcomes.OfType<InventoryReserved>().ToDictionary(r => r.OrderId, r => r.ReservationId);
        Assert.Multiple(async () =>
        {
            Assert.That(await Reserved(), Is.Zero, "every reservation that happened was released");
            Assert.That(reservations.Where(r => r.Status == ReservationStatus.Released).Select(r => r.OrderId), Is.EquivalentTo(reserved.Keys));
            Assert.That(reservations.Where(r => r.Status == ReservationStatus.Voided).Select(r => r.OrderId),
                Is.EquivalentTo(outcomes.OfType<InventoryReservationFailed>().Select(f => f.OrderId)));
            Assert.That(reservations, Has.Count.EqualTo(orders));
            Assert.That(releases.Where(r => reserved.ContainsKey(r.OrderId)).Select(r => r.ReservationId),
                Is.EquivalentTo(reserved.Values.Select(id => (Guid?)id)), "a release after the reservation names it");
        });
    }

    private Task<int> Reserved() =>
        Host.Query<InventoryDbContext, int>(db => db.StockItems.Where(s => s.Sku == _sku || s.Sku == _otherSku).SumAsync(s => s.Reserved));
}
