using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;

namespace Saga.Participants.Inventory.Consumers;

/// <summary>
/// Gives an order's reserved units back to stock. Safe to repeat and safe to send when nothing was reserved:
/// compensation must always be able to complete.
/// </summary>
public sealed class ReleaseInventoryConsumer : IConsumer<ReleaseInventory>
{
    private readonly InventoryDbContext _db;
    private readonly TimeProvider _clock;

    public ReleaseInventoryConsumer(InventoryDbContext db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public async Task Consume(ConsumeContext<ReleaseInventory> context)
    {
        var command = context.Message;

        var reservation = await _db.Reservations
            .Include(r => r.Lines)
            .SingleOrDefaultAsync(r => r.OrderId == command.OrderId, context.CancellationToken);

        if (reservation is null || reservation.Status == ReservationStatus.Failed)
        {
            await context.Publish(new InventoryReleased(command.OrderId, command.ReservationId));
            return;
        }

        if (command.ReservationId is not null && reservation.ReservationId != command.ReservationId)
        {
            throw new InvalidOperationException(
                $"Release for order {command.OrderId} names reservation {command.ReservationId}, but the order holds reservation {reservation.ReservationId}.");
        }

        if (reservation.Status == ReservationStatus.Reserved)
        {
            var skus = reservation.Lines.Select(l => l.Sku).ToList();
            var stock = await _db.StockItems
                .Where(s => skus.Contains(s.Sku))
                .ToDictionaryAsync(s => s.Sku, StringComparer.Ordinal, context.CancellationToken);

            foreach (var line in reservation.Lines)
            {
                if (!stock.TryGetValue(line.Sku, out var item))
                    throw new InvalidOperationException($"Reservation {reservation.ReservationId} holds {line.Sku}, which is no longer stocked.");

                item.Release(line.Quantity);
            }

            reservation.MarkReleased(_clock.GetUtcNow());

            // Every reservation has lines, so the stock items' versions guard this: of two concurrent releases
            // only one commits, the other is retried, finds the reservation released and just answers.
            await _db.SaveChangesAsync(context.CancellationToken);
        }

        await context.Publish(new InventoryReleased(reservation.OrderId, reservation.ReservationId));
    }
}
