using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Messaging;

namespace Saga.Participants.Inventory.Consumers;

/// <summary>
/// Reserves every line of an order or nothing at all, at most once per order.
/// The outcome is stored before it is published, so a repeated command is answered from the record.
/// </summary>
/// <remarks>
/// A repeat after the reservation was released is answered <see cref="InventoryReserved"/> again, with the same reservation
/// id and nothing reserved: the orchestrator knows that reservation and its release. A reservation whose order was released
/// before it ran (a <see cref="ReservationStatus.Voided"/> reservation) is refused.
/// </remarks>
public sealed partial class ReserveInventoryConsumer : IConsumer<ReserveInventory>
{
    private readonly InventoryDbContext _db;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReserveInventoryConsumer> _logger;

    public ReserveInventoryConsumer(InventoryDbContext db, TimeProvider clock, ILogger<ReserveInventoryConsumer> logger)
    {
        _db = db;
        _clock = clock;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ReserveInventory> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;

        var existing = await _db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.OrderId == command.OrderId, cancellationToken);
        if (existing is not null)
        {
            if (existing.Status == ReservationStatus.Voided)
                LogRefusedAfterVoid(_logger, command.OrderId);

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

        await using var transaction = await ParticipantTransaction.BeginAsync(_db, cancellationToken);
        var reservation = await Decide(command, cancellationToken);
        _db.Reservations.Add(reservation);

        // The stock updates and the reservation commit together. A release or a duplicate of this order that stored its
        // reservation first makes this insert fail on the order's key: the attempt rolls back, stock included, and the retry
        // answers from that reservation.
        await _db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await PublishOutcome(context, reservation);
    }

    private async Task<Reservation> Decide(ReserveInventory command, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var reservationId = NewId.NextGuid();

        // The same SKU may be on several lines of an order; availability is checked against their sum. One SKU after another
        // in ordinal order, as every reservation and release takes them, so that concurrent orders never wait on each other
        // in a circle.
        var requested = command.Items
            .GroupBy(i => i.Sku, StringComparer.Ordinal)
            .Select(g => (Sku: g.Key, Quantity: g.Sum(i => (long)i.Quantity)))
            .OrderBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();

        var taken = new List<ReservationLine>(requested.Count);
        foreach (var (sku, quantity) in requested)
        {
            // Decided by the database on the row as it is now: no read of the stock comes first.
            if (quantity > ParticipantLimits.MaxQuantityPerSku || !await _db.StockItems.TryReserveAsync(sku, (int)quantity, cancellationToken))
            {
                await GiveBack(taken, cancellationToken);
                var reason = Truncate("insufficient stock: " + await DescribeShortages(requested, sku, cancellationToken), Reservation.FailureReasonMaxLength);
                return Reservation.Failed(command.OrderId, reservationId, reason, now);
            }

            taken.Add(new ReservationLine(sku, (int)quantity));
        }

        return Reservation.Reserved(command.OrderId, reservationId, taken, now);
    }

    /// <summary>
    /// Undoes the lines already reserved when a later one is short, in the same transaction: their rows stay locked until it
    /// commits, so no other order ever sees those units gone.
    /// </summary>
    private async Task GiveBack(IEnumerable<ReservationLine> taken, CancellationToken cancellationToken)
    {
        foreach (var line in taken)
            await _db.StockItems.ReleaseAsync(line.Sku, line.Quantity, cancellationToken);
    }

    /// <summary>Names every requested SKU that is short now, and at least the one whose reservation failed.</summary>
    private async Task<string> DescribeShortages(IReadOnlyList<(string Sku, long Quantity)> requested, string failedSku, CancellationToken cancellationToken)
    {
        var skus = requested.Select(r => r.Sku).ToList();
        var stock = await _db.StockItems.AsNoTracking()
            .Where(s => skus.Contains(s.Sku))
            .ToDictionaryAsync(s => s.Sku, StringComparer.Ordinal, cancellationToken);

        var shortages = requested
            .Select(r => DescribeShortage(r.Sku, r.Quantity, stock.GetValueOrDefault(r.Sku)))
            .OfType<string>()
            .ToList();

        // The failed SKU may have had units given back between its update and this read.
        if (shortages.Count == 0)
        {
            var quantity = requested.Single(r => r.Sku == failedSku).Quantity;
            shortages.Add(string.Create(CultureInfo.InvariantCulture, $"{failedSku} requested {quantity}, fewer were available"));
        }

        return string.Join("; ", shortages);
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
            if (string.IsNullOrWhiteSpace(item.Sku) || item.Sku.Length > ParticipantLimits.SkuMaxLength)
                return $"invalid SKU '{item.Sku}'";

            if (item.Quantity < ParticipantLimits.MinQuantity)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation for order {OrderId} refused: the order was released before it was reserved")]
    private static partial void LogRefusedAfterVoid(ILogger logger, Guid orderId);
}
