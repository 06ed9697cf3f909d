using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Tests.Infrastructure;

namespace Saga.Participants.Tests.Inventory;

public class ReleaseInventoryTests : ParticipantTestBase
{
    [Test]
    public async Task Returns_exactly_what_was_reserved()
    {
        await Reserve([new("SKU-KB-001", 4, 89.90m)]);
        var (orderId, reservationId) = await Reserve(
            [new("SKU-KB-001", 2, 89.90m), new("SKU-KB-001", 1, 89.90m), new("SKU-WC-001", 5, 59m)]);

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, reservationId));

        var released = await Host.Published<InventoryReleased>(m => m.OrderId == orderId);
        var stock = await Stock();
        var reservation = await Host.Query<InventoryDbContext, Reservation>(db => db.Reservations.SingleAsync(r => r.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(released.ReservationId, Is.EqualTo(reservationId));
            Assert.That(stock["SKU-KB-001"].Reserved, Is.EqualTo(4), "the other order's units stay reserved");
            Assert.That(stock["SKU-WC-001"].Reserved, Is.Zero);
            Assert.That(reservation.Status, Is.EqualTo(ReservationStatus.Released));
            Assert.That(reservation.ReleasedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_repeated_release_replies_again_and_changes_nothing()
    {
        await Reserve([new("SKU-SD-001", 7, 89m)]);
        var (orderId, reservationId) = await Reserve([new("SKU-SD-001", 3, 89m)]);

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, reservationId));
        await Host.Published<InventoryReleased>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, reservationId));
        var replies = await Host.Published<InventoryReleased>(m => m.OrderId == orderId, 2);

        var stock = await Stock();
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.ReservationId), Is.All.EqualTo(reservationId));
            Assert.That(stock["SKU-SD-001"].Reserved, Is.EqualTo(7), "the second release must not give back the other order's units");
        });
    }

    [Test]
    public async Task Releasing_a_failed_reservation_replies_and_changes_nothing()
    {
        await Reserve([new(ParticipantSeedData.LowStockSku, 1, 499m)]);
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, [new(ParticipantSeedData.LowStockSku, 2, 499m)]));
        await Host.Published<InventoryReservationFailed>(m => m.OrderId == orderId);
        var reservationId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, reservationId));

        var released = await Host.Published<InventoryReleased>(m => m.OrderId == orderId);
        var stock = await Stock();
        var reservation = await Host.Query<InventoryDbContext, Reservation>(db => db.Reservations.SingleAsync(r => r.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(released.ReservationId, Is.EqualTo(reservationId));
            Assert.That(stock[ParticipantSeedData.LowStockSku].Reserved, Is.EqualTo(1));
            Assert.That(reservation.Status, Is.EqualTo(ReservationStatus.Failed));
        });
    }

    [Test]
    public async Task Releasing_an_order_that_reserved_nothing_replies_and_stores_only_a_void()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, Guid.NewGuid()));

        await Host.Published<InventoryReleased>(m => m.OrderId == orderId);
        var reservations = await Host.Query<InventoryDbContext, List<Reservation>>(db => db.Reservations.Include(r => r.Lines).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(reservations.Select(r => (r.OrderId, r.Status)), Is.EqualTo(new[] { (orderId, ReservationStatus.Voided) }));
            Assert.That(reservations.SelectMany(r => r.Lines), Is.Empty);
        });
    }

    [Test]
    public async Task Releasing_with_another_reservation_id_faults_and_changes_nothing()
    {
        var (orderId, _) = await Reserve([new("SKU-CH-001", 2, 349m)]);

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, Guid.NewGuid()));

        await Host.Published<Fault<ReleaseInventory>>(m => m.Message.OrderId == orderId);
        var stock = await Stock();
        Assert.That(stock["SKU-CH-001"].Reserved, Is.EqualTo(2));
    }

    private async Task<(Guid OrderId, Guid ReservationId)> Reserve(OrderItem[] items)
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, items));
        var reserved = await Host.Published<InventoryReserved>(m => m.OrderId == orderId);
        return (orderId, reserved.ReservationId);
    }

    private Task<Dictionary<string, StockItem>> Stock() =>
        Host.Query<InventoryDbContext, Dictionary<string, StockItem>>(db => db.StockItems.ToDictionaryAsync(s => s.Sku));
}
