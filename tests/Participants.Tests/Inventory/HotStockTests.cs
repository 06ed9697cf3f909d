using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Inventory;

/// <summary>
/// Many orders reserve and release the same stock rows at once. Each message is consumed in its own transaction on its own
/// connection, 50 at a time: on PostgreSQL they really do race for the rows.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public class HotStockTests(DatabaseProvider database) : ParticipantTestBase
{
    private const string _sku = "SKU-TEST-HOT";
    private const string _scarceSku = "SKU-TEST-SCARCE";

    protected override ParticipantsTestHostOptions HostOptions { get; } = new() { Database = database, ConcurrentMessageLimit = 50 };

    [Test]
    public async Task Of_a_hundred_concurrent_orders_for_sixty_units_exactly_sixty_are_reserved()
    {
        await Stock((_sku, 60));
        var orderIds = NewOrders(100);

        await Host.SendConcurrently(QueueNames.Inventory, orderIds.Select(id => new ReserveInventory(id, [new(_sku, 1, 1m)])).ToList());
        var outcomes = await Outcomes(orderIds);

        var item = await Item(_sku);
        var lines = await Host.Query<InventoryDbContext, int>(db => db.ReservationLines.Where(l => l.Sku == _sku).SumAsync(l => l.Quantity));
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.OfType<InventoryReserved>().Count(), Is.EqualTo(60));
            Assert.That(outcomes.OfType<InventoryReservationFailed>().Select(f => f.Reason).ToList(), Has.Count.EqualTo(40).And.All.StartsWith("insufficient stock"));
            Assert.That(item.Reserved, Is.EqualTo(60));
            Assert.That(lines, Is.EqualTo(60));
        });
    }

    [Test]
    public async Task Concurrent_releases_of_one_sku_give_every_unit_back()
    {
        await Stock((_sku, 50));
        var orderIds = NewOrders(50);
        await Host.SendConcurrently(QueueNames.Inventory, orderIds.Select(id => new ReserveInventory(id, [new(_sku, 1, 1m)])).ToList());
        var reservations = (await Outcomes(orderIds)).OfType<InventoryReserved>().ToList();
        Assert.That(reservations, Has.Count.EqualTo(50), "every order was reserved");

        await Host.SendConcurrently(QueueNames.Inventory, reservations.Select(r => new ReleaseInventory(r.OrderId, r.ReservationId)).ToList());
        await Host.Published<InventoryReleased>(r => orderIds.Contains(r.OrderId), 50);

        var item = await Item(_sku);
        var released = await Host.Query<InventoryDbContext, int>(db => db.Reservations.CountAsync(r => r.Status == ReservationStatus.Released));
        Assert.Multiple(() =>
        {
            Assert.That(item.Reserved, Is.Zero);
            Assert.That(released, Is.EqualTo(50));
        });
    }

    [Test]
    public async Task Concurrent_orders_of_two_skus_listed_in_either_order_reserve_both_or_neither()
    {
        await Stock((_sku, 100), (_scarceSku, 20));
        var orderIds = NewOrders(60);

        // Half list the scarce SKU first: locking in the order of the lines would let two orders wait on each other.
        await Host.SendConcurrently(QueueNames.Inventory, orderIds.Select((id, i) => new ReserveInventory(id, i % 2 == 0
            ? [new(_sku, 1, 1m), new(_scarceSku, 1, 1m)]
            : [new(_scarceSku, 1, 1m), new(_sku, 1, 1m)])).ToList());
        var outcomes = await Outcomes(orderIds);

        var plentiful = await Item(_sku);
        var scarce = await Item(_scarceSku);
        var lines = await Host.Query<InventoryDbContext, int>(db => db.ReservationLines.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.OfType<InventoryReserved>().Count(), Is.EqualTo(20));
            Assert.That(outcomes.OfType<InventoryReservationFailed>().Count(), Is.EqualTo(40));
            Assert.That(scarce.Reserved, Is.EqualTo(20));
            Assert.That(plentiful.Reserved, Is.EqualTo(20), "a failed order keeps none of the plentiful SKU");
            Assert.That(lines, Is.EqualTo(40));
        });
    }

    private static HashSet<Guid> NewOrders(int count) => Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToHashSet();

    private Task Stock(params (string Sku, int OnHand)[] items) =>
        Host.Arrange<InventoryDbContext>(db => db.StockItems.AddRange(items.Select(i => new StockItem(i.Sku, "hot item", i.OnHand))));

    private Task<StockItem> Item(string sku) =>
        Host.Query<InventoryDbContext, StockItem>(db => db.StockItems.AsNoTracking().SingleAsync(s => s.Sku == sku));

    private Task<IReadOnlyList<object>> Outcomes(HashSet<Guid> orderIds) =>
        Host.PublishedAny(
            m => m is InventoryReserved r && orderIds.Contains(r.OrderId) || m is InventoryReservationFailed f && orderIds.Contains(f.OrderId),
            orderIds.Count);
}
