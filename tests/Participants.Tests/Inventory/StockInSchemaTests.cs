using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Inventory;

/// <summary>
/// The stock statements are written by hand from the model: with <c>Database:Schema</c> set they must name the tables in that
/// schema, as EF Core's own statements do.
/// </summary>
public class StockInSchemaTests : ParticipantTestBase
{
    private const string _plentifulSku = "SKU-KB-001";

    protected override ParticipantsTestHostOptions HostOptions { get; } = new()
    {
        Database = DatabaseProvider.PostgreSql,
        Settings = new Dictionary<string, string?> { ["Participants:Inventory:Database:Schema"] = "stock_custom" },
    };

    [Test]
    public async Task Reserving_refusing_and_releasing_an_order_change_the_stock_in_the_configured_schema()
    {
        var shortOrderId = Guid.NewGuid();
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReserveInventory(shortOrderId, [new(_plentifulSku, 1, 1m), new(ParticipantSeedData.LowStockSku, 3, 1m)]));
        await Host.Published<InventoryReservationFailed>(m => m.OrderId == shortOrderId);
        var afterRefusal = await Reserved();

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, [new(_plentifulSku, 1, 1m), new(ParticipantSeedData.LowStockSku, 2, 1m)]));
        var reserved = await Host.Published<InventoryReserved>(m => m.OrderId == orderId);
        var afterReservation = await Reserved();

        await Host.Send(QueueNames.Inventory, new ReleaseInventory(orderId, reserved.ReservationId));
        await Host.Published<InventoryReleased>(m => m.OrderId == orderId);
        var afterRelease = await Reserved();

        Assert.Multiple(() =>
        {
            Assert.That(afterRefusal, Is.Zero);
            Assert.That(afterReservation, Is.EqualTo(3));
            Assert.That(afterRelease, Is.Zero);
        });
    }

    private Task<int> Reserved() =>
        Host.Query<InventoryDbContext, int>(db => db.StockItems.SumAsync(s => s.Reserved));
}
