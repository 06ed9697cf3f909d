using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;

namespace Saga.Participants.Inventory.Consumers;

/// <summary>
/// Reserves every line of an order or nothing at all, at most once per order.
/// The outcome is stored before it is published, so a repeated command is answered from the record.
/// </summary>
public sealed class ReserveInventoryConsumer : IConsumer<ReserveInventory>
{
    private readonly InventoryDbContext _db;
    private readonly TimeProvider _clock;

    public ReserveInventoryConsumer(InventoryDbContext db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public async Task Consume(ConsumeContext<ReserveInventory> context)
    {
        var command = context.Message;

        var existing = await _db.Reservations.FindAsync([command.OrderId], context.CancellationToken);
        if (existing is not null)
        {
            await PublishOutcome(context, existing);
            return;
        }

        // A malformed command is answered without storing anything: the answer depends on the command alone,
        // so a repeat gets the same one.
        var invalid = Validate(command.Items);
        if (invalid is not null)
        {
            await context.Publish(new InventoryReservationFailed(command.OrderId, invalid));
            return;
        }

        var reservation = await Decide(command, context.CancellationToken);
        _db.Reservations.Add(reservation);

        // Stock updates and the reservation commit together; a concurrent reservation of the same SKUs or a
        // duplicate of this command makes this throw, and the retry starts over on fresh data.
        await _db.SaveChangesAsync(context.CancellationToken);

        await PublishOutcome(context, reservation);
    }

    private async Task<Reservation> Decide(ReserveInventory command, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var reservationId = NewId.NextGuid();

        // The same SKU may be on several lines of an order; availability is checked against their sum.
        var requested = command.Items
            .GroupBy(i => i.Sku, StringComparer.Ordinal)
            .Select(g => (Sku: g.Key, Quantity: g.Sum(i => (long)i.Quantity)))
            .OrderBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();

        var skus = requested.Select(r => r.Sku).ToList();
        var stock = await _db.StockItems
            .Where(s => skus.Contains(s.Sku))
            .ToDictionaryAsync(s => s.Sku, StringComparer.Ordinal, cancellationToken);

        var shortages = requested
            .Select(r => DescribeShortage(r.Sku, r.Quantity, stock.GetValueOrDefault(r.Sku)))
            .OfType<string>()
            .ToList();

        if (shortages.Count > 0)
        {
            var reason = Truncate("insufficient stock: " + string.Join("; ", shortages), Reservation.FailureReasonMaxLength);
            return Reservation.Failed(command.OrderId, reservationId, reason, now);
        }

        var lines = new List<ReservationLine>(requested.Count);
        foreach (var (sku, quantity) in requested)
        {
            var item = stock[sku];
            item.Reserve((int)quantity);
            lines.Add(new ReservationLine(item.Sku, (int)quantity));
        }

        return Reservation.Reserved(command.OrderId, reservationId, lines, now);
    }

    private static string? DescribeShortage(string sku, long requested, StockItem? item)
    {
        if (item is null)
            return string.Create(CultureInfo.InvariantCulture, $"{sku} is unknown (requested {requested}, available 0)");

        if (requested > item.Available)
            return string.Create(CultureInfo.InvariantCulture, $"{sku} requested {requested}, available {item.Available}");

        return null;
    }

    private static string? Validate(IReadOnlyList<OrderItem>? items)
    {
        if (items is null || items.Count == 0)
            return "the order has no items to reserve";

        foreach (var item in items)
        {
            if (string.IsNullOrWhiteSpace(item.Sku) || item.Sku.Length > StockItem.SkuMaxLength)
                return $"invalid SKU '{item.Sku}'";

            if (item.Quantity <= 0)
                return string.Create(CultureInfo.InvariantCulture, $"quantity of {item.Sku} must be positive, was {item.Quantity}");
        }

        return null;
    }

    private static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");

    private static Task PublishOutcome(ConsumeContext context, Reservation reservation) =>
        reservation.Status switch
        {
            // A released reservation did succeed once; the saga decides what a late repeat means.
            ReservationStatus.Reserved or ReservationStatus.Released =>
                context.Publish(new InventoryReserved(reservation.OrderId, reservation.ReservationId)),
            _ => context.Publish(new InventoryReservationFailed(reservation.OrderId, reservation.FailureReason ?? "reservation failed")),
        };
}
