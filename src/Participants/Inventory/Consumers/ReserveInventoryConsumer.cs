using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Messaging;
using Saga.Persistence.Dialects;

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
    private readonly ISqlDialect _dialect;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReserveInventoryConsumer> _logger;

    public ReserveInventoryConsumer(InventoryDbContext db, DbContextDialect<InventoryDbContext> dialect, TimeProvider clock,
        ILogger<ReserveInventoryConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(dialect);

        _db = db;
        _dialect = dialect.Dialect;
        _clock = clock;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ReserveInventory> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;

        // A malformed command is answered without storing anything: the answer depends on the command alone,
        // so a repeat gets the same one.
        var invalid = Validate(command.Items);

        // The same SKU may be on several lines of an order; availability is checked against their sum, in ordinal order of
        // the SKUs, as every reservation and release takes them (see StockItemUpdates).
        var requested = invalid is null ? Requested(command.Items) : [];

        await using var transaction = await ParticipantTransaction.BeginAsync(_db, cancellationToken);

        // The usual case in one round trip: a new order, every line reserved. Anything else (a repeat, a release mark, a
        // shortage) reserves nothing there and is sorted out below, where each has its answer.
        var (reserved, shortSkus) = await TryReserve(command.OrderId, requested, cancellationToken);

        if (reserved is null)
        {
            var existing = await _db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.OrderId == command.OrderId, cancellationToken);
            if (existing is not null)
            {
                if (existing.Status == ReservationStatus.Voided)
                    LogRefusedAfterVoid(_logger, command.OrderId);

                await PublishOutcome(context, existing);
                return;
            }

            if (invalid is not null)
            {
                await context.Publish(new InventoryReservationFailed(command.OrderId, invalid));
                return;
            }

            var reason = Truncate("insufficient stock: " + await DescribeShortages(requested, shortSkus, cancellationToken), Reservation.FailureReasonMaxLength);
            reserved = Reservation.Failed(command.OrderId, NewId.NextGuid(), reason, _clock.GetUtcNow());
        }

        _db.Reservations.Add(reserved);

        // The stock updates and the reservation commit together. A release or a duplicate of this order that stored its
        // reservation first makes this insert fail on the order's key: the attempt rolls back, stock included, and the retry
        // answers from that reservation.
        await _db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await PublishOutcome(context, reserved);
    }

    private static List<(string Sku, long Quantity)> Requested(IReadOnlyList<OrderItem> items) =>
        items
            .GroupBy(i => i.Sku, StringComparer.Ordinal)
            .Select(g => (Sku: g.Key, Quantity: g.Sum(i => (long)i.Quantity)))
            .OrderBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Reserves every line or, when one is short or the order already has a reservation, nothing: the lines taken are given
    /// back in the same transaction, whose row locks keep other orders from ever seeing those units gone. Returns the
    /// reservation if every line was taken, else the SKUs that were not.
    /// </summary>
    private async Task<(Reservation? Reserved, IReadOnlyList<string> ShortSkus)> TryReserve(
        Guid orderId, List<(string Sku, long Quantity)> requested, CancellationToken cancellationToken)
    {
        // A SKU's lines that add up to more than a stored line holds cannot be reserved at all.
        var oversized = requested.Where(r => r.Quantity > ParticipantLimits.MaxQuantityPerSku).Select(r => r.Sku).ToList();
        if (requested.Count == 0 || oversized.Count > 0)
            return (null, oversized);

        var lines = requested.Select(r => new ReservationLine(r.Sku, (int)r.Quantity)).ToList();

        // Decided by the database on the rows as they are now: no read of the stock comes first.
        var taken = await _db.TryReserveAsync(_dialect, orderId, lines, cancellationToken);
        if (taken.Count == lines.Count)
            return (Reservation.Reserved(orderId, NewId.NextGuid(), lines, _clock.GetUtcNow()), []);

        if (taken.Count > 0)
            await _db.ReleaseAsync(_dialect, lines.Where(l => taken.Contains(l.Sku)).ToList(), cancellationToken);

        return (null, lines.Where(l => !taken.Contains(l.Sku)).Select(l => l.Sku).ToList());
    }

    /// <summary>Names every requested SKU that is short now, and at least the ones whose reservation failed.</summary>
    private async Task<string> DescribeShortages(IReadOnlyList<(string Sku, long Quantity)> requested, IReadOnlyList<string> failedSkus,
        CancellationToken cancellationToken)
    {
        var skus = requested.Select(r => r.Sku).ToList();
        var stock = await _db.StockItems.AsNoTracking()
            .Where(s => skus.Contains(s.Sku))
            .ToDictionaryAsync(s => s.Sku, StringComparer.Ordinal, cancellationToken);

        var shortages = requested
            .Select(r => DescribeShortage(r.Sku, r.Quantity, stock.GetValueOrDefault(r.Sku)))
            .OfType<string>()
            .ToList();

        // The failed SKUs may have had units given back between their update and this read.
        if (shortages.Count == 0)
        {
            shortages.AddRange(requested
                .Where(r => failedSkus.Contains(r.Sku, StringComparer.Ordinal))
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Sku} requested {r.Quantity}, fewer were available")));
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
