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

    [Test]
    public async Task Two_orders_racing_for_the_last_units_both_succeed_when_the_stock_covers_both()
    {
        await Stock((_sku, 4), (_scarceSku, 10));
        var orderIds = NewOrders(2);

        await Host.SendConcurrently(QueueNames.Inventory, orderIds.Select(id => new ReserveInventory(id, [new(_scarceSku, 1, 1m), new(_sku, 2, 1m)])).ToList());
        var outcomes = await Outcomes(orderIds);

        var item = await Item(_sku);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.OfType<InventoryReserved>().Count(), Is.EqualTo(2));
            Assert.That(item.Reserved, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Of_two_orders_racing_for_the_last_units_exactly_one_succeeds_when_the_stock_covers_one()
    {
        await Stock((_sku, 3), (_scarceSku, 10));
        var orderIds = NewOrders(2);

        await Host.SendConcurrently(QueueNames.Inventory, orderIds.Select(id => new ReserveInventory(id, [new(_scarceSku, 1, 1m), new(_sku, 2, 1m)])).ToList());
        var outcomes = await Outcomes(orderIds);

        var item = await Item(_sku);
        var other = await Item(_scarceSku);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.OfType<InventoryReserved>().Count(), Is.EqualTo(1));
            Assert.That(outcomes.OfType<InventoryReservationFailed>().Single().Reason, Is.EqualTo($"insufficient stock: {_sku} requested 2, available 1"));
            Assert.That(item.Reserved, Is.EqualTo(2));
            Assert.That(other.Reserved, Is.EqualTo(1), "the failed order's other line was given back");
        });
    }

    [Test]
    public async Task An_order_of_more_skus_than_one_command_carries_whose_last_sku_is_short_reserves_none_of_them()
    {
        // Over 500 SKUs (two commands) in ordinal order; the short one sorts last, so every other line was taken first.
        var skus = Enumerable.Range(0, 600).Select(i => $"SKU-TEST-MANY-{i:D3}").ToList();
        await Stock([.. skus.Select(sku => (sku, sku == skus[^1] ? 1 : 5))]);
        var orderId = Guid.NewGuid();
        var shortOrderId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReserveInventory(shortOrderId, skus.Select(sku => new OrderItem(sku, 2, 1m)).ToList()));
        var failed = await Host.Published<InventoryReservationFailed>(m => m.OrderId == shortOrderId);
        var reservedAfterFailure = await Host.Query<InventoryDbContext, int>(db => db.StockItems.SumAsync(s => s.Reserved));

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, skus.Select(sku => new OrderItem(sku, 1, 1m)).ToList()));
        await Host.Published<InventoryReserved>(m => m.OrderId == orderId);
        var reserved = await Host.Query<InventoryDbContext, int>(db => db.StockItems.SumAsync(s => s.Reserved));
        var lines = await Host.Query<InventoryDbContext, int>(db => db.ReservationLines.CountAsync(l => l.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Is.EqualTo($"insufficient stock: {skus[^1]} requested 2, available 1"));
            Assert.That(reservedAfterFailure, Is.Zero);
            Assert.That(reserved, Is.EqualTo(600));
            Assert.That(lines, Is.EqualTo(600));
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
