using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Tests.Infrastructure;

namespace Saga.Participants.Tests.Inventory;

public class ReserveInventoryTests : ParticipantTestBase
{
    [Test]
    public async Task Reserves_every_line_and_stores_what_was_reserved()
    {
        var orderId = Guid.NewGuid();
        OrderItem[] items = [new("SKU-KB-001", 2, 89.90m), new("SKU-MS-001", 1, 24.90m)];

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, items));

        var reserved = await Host.Published<InventoryReserved>(m => m.OrderId == orderId);
        var stock = await Stock();
        var reservation = await Host.Query<InventoryDbContext, Reservation>(
            db => db.Reservations.Include(r => r.Lines).SingleAsync(r => r.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(stock["SKU-KB-001"].Reserved, Is.EqualTo(2));
            Assert.That(stock["SKU-KB-001"].OnHand, Is.EqualTo(120), "reserving does not take stock off the shelf");
            Assert.That(stock["SKU-MS-001"].Reserved, Is.EqualTo(1));
            Assert.That(reservation.Status, Is.EqualTo(ReservationStatus.Reserved));
            Assert.That(reservation.ReservationId, Is.EqualTo(reserved.ReservationId));
            Assert.That(reservation.Lines.ToDictionary(l => l.Sku, l => l.Quantity),
                Is.EquivalentTo(new Dictionary<string, int> { ["SKU-KB-001"] = 2, ["SKU-MS-001"] = 1 }));
        });
    }

    [Test]
    public async Task Sums_lines_of_the_same_sku()
    {
        var orderId = Guid.NewGuid();
        OrderItem[] items = [new(ParticipantSeedData.LowStockSku, 1, 499m), new(ParticipantSeedData.LowStockSku, 1, 499m)];

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, items));

        await Host.Published<InventoryReserved>(m => m.OrderId == orderId);
        var stock = await Stock();
        var lines = await Host.Query<InventoryDbContext, List<ReservationLine>>(db => db.ReservationLines.Where(l => l.OrderId == orderId).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(stock[ParticipantSeedData.LowStockSku].Reserved, Is.EqualTo(2));
            Assert.That(lines, Has.Count.EqualTo(1));
            Assert.That(lines.Single().Quantity, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Fails_when_the_summed_lines_exceed_the_stock_even_if_each_line_fits()
    {
        var orderId = Guid.NewGuid();
        OrderItem[] items = [new(ParticipantSeedData.LowStockSku, 2, 499m), new(ParticipantSeedData.LowStockSku, 1, 499m)];

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, items));

        var failed = await Host.Published<InventoryReservationFailed>(m => m.OrderId == orderId);
        var stock = await Stock();
        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Does.Contain($"{ParticipantSeedData.LowStockSku} requested 3, available 2"));
            Assert.That(stock[ParticipantSeedData.LowStockSku].Reserved, Is.Zero);
        });
    }

    [Test]
    public async Task Reserves_nothing_when_one_line_is_short_and_names_every_short_or_unknown_sku()
    {
        var orderId = Guid.NewGuid();
        OrderItem[] items =
        [
            new("SKU-KB-001", 1, 89.90m),
            new(ParticipantSeedData.LowStockSku, 5, 499m),
            new(ParticipantSeedData.UnknownSku, 1, 9.99m),
        ];

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, items));

        var failed = await Host.Published<InventoryReservationFailed>(m => m.OrderId == orderId);
        var stock = await Stock();
        var reservation = await Host.Query<InventoryDbContext, Reservation>(
            db => db.Reservations.Include(r => r.Lines).SingleAsync(r => r.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Does.Contain($"{ParticipantSeedData.LowStockSku} requested 5, available 2"));
            Assert.That(failed.Reason, Does.Contain($"{ParticipantSeedData.UnknownSku} is unknown (requested 1, available 0)"));
            Assert.That(failed.Reason, Does.Not.Contain("SKU-KB-001"));
            Assert.That(stock.Values.Sum(s => s.Reserved), Is.Zero, "no partial reservation");
            Assert.That(reservation.Status, Is.EqualTo(ReservationStatus.Failed));
            Assert.That(reservation.FailureReason, Is.EqualTo(failed.Reason));
            Assert.That(reservation.Lines, Is.Empty);
        });
    }

    [Test]
    public async Task Fails_for_an_unknown_sku()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, [new(ParticipantSeedData.UnknownSku, 1, 9.99m)]));

        var failed = await Host.Published<InventoryReservationFailed>(m => m.OrderId == orderId);
        Assert.That(failed.Reason, Does.Contain(ParticipantSeedData.UnknownSku));
    }

    [Test]
    public async Task A_repeated_command_changes_nothing_and_replies_the_same_reservation()
    {
        var orderId = Guid.NewGuid();
        var command = new ReserveInventory(orderId, [new("SKU-HS-001", 3, 199m)]);

        await Host.Send(QueueNames.Inventory, command);
        var first = await Host.Published<InventoryReserved>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Inventory, command);
        var replies = await Host.Published<InventoryReserved>(m => m.OrderId == orderId, 2);

        var stock = await Stock();
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.ReservationId), Is.All.EqualTo(first.ReservationId));
            Assert.That(stock["SKU-HS-001"].Reserved, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_repeated_failed_command_replies_the_same_failure_even_when_stock_arrived()
    {
        const string sku = "SKU-TEST-LATE";
        var orderId = Guid.NewGuid();
        var command = new ReserveInventory(orderId, [new(sku, 1, 10m)]);

        await Host.Send(QueueNames.Inventory, command);
        var first = await Host.Published<InventoryReservationFailed>(m => m.OrderId == orderId);

        await Host.Arrange<InventoryDbContext>(db => db.StockItems.Add(new StockItem(sku, "Late arrival", 10)));
        await Host.Send(QueueNames.Inventory, command);
        var replies = await Host.Published<InventoryReservationFailed>(m => m.OrderId == orderId, 2);

        var stock = await Stock();
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.Reason), Is.All.EqualTo(first.Reason));
            Assert.That(stock[sku].Reserved, Is.Zero);
        });
    }

    [Test]
    public async Task Concurrent_orders_competing_for_the_last_units_never_over_reserve()
    {
        const string sku = "SKU-TEST-LAST3";
        await Host.Arrange<InventoryDbContext>(db => db.StockItems.Add(new StockItem(sku, "Last three units", 3)));
        var orderIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToHashSet();

        await Host.SendConcurrently(QueueNames.Inventory, orderIds.Select(id => new ReserveInventory(id, [new(sku, 1, 10m)])).ToList());

        var outcomes = await Host.PublishedAny(
            m => m is InventoryReserved r && orderIds.Contains(r.OrderId) || m is InventoryReservationFailed f && orderIds.Contains(f.OrderId),
            orderIds.Count);

        var stock = await Stock();
        var reservedLines = await Host.Query<InventoryDbContext, int>(db => db.ReservationLines.Where(l => l.Sku == sku).SumAsync(l => l.Quantity));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.OfType<InventoryReserved>().Count(), Is.EqualTo(3));
            Assert.That(outcomes.OfType<InventoryReservationFailed>().Count(), Is.EqualTo(2));
            Assert.That(stock[sku].Reserved, Is.EqualTo(3));
            Assert.That(reservedLines, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task The_same_command_delivered_concurrently_reserves_exactly_once()
    {
        const int copies = 6;
        var orderId = Guid.NewGuid();
        var command = new ReserveInventory(orderId, [new("SKU-DK-001", 2, 219m)]);

        await Host.SendConcurrently(QueueNames.Inventory, Enumerable.Repeat(command, copies).ToList());

        var replies = await Host.Published<InventoryReserved>(m => m.OrderId == orderId, copies);
        var stock = await Stock();
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.ReservationId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(stock["SKU-DK-001"].Reserved, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Fails_an_order_without_items_and_stores_nothing()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, []));

        await Host.Published<InventoryReservationFailed>(m => m.OrderId == orderId);
        var reservations = await Host.Query<InventoryDbContext, int>(db => db.Reservations.CountAsync());
        Assert.That(reservations, Is.Zero);
    }

    private Task<Dictionary<string, StockItem>> Stock() =>
        Host.Query<InventoryDbContext, Dictionary<string, StockItem>>(db => db.StockItems.ToDictionaryAsync(s => s.Sku));
}
