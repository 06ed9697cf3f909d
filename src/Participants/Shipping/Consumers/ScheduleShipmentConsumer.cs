using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Participants.Shipping.Countries;
using Saga.Participants.Shipping.Data;

namespace Saga.Participants.Shipping.Consumers;

/// <summary>
/// Books a shipment with the carrier of the destination country, at most once per order.
/// The outcome is stored before it is published, so a repeated command is answered from the record.
/// </summary>
/// <remarks>
/// A repeat after the shipment was cancelled is answered <see cref="ShipmentScheduled"/> again, with the same shipment id
/// and nothing booked: the orchestrator knows that shipment and its cancellation. A shipment whose order was cancelled
/// before it was scheduled (a <see cref="ShipmentStatus.Voided"/> shipment) is refused.
/// </remarks>
public sealed partial class ScheduleShipmentConsumer : IConsumer<ScheduleShipment>
{
    private readonly ShippingDbContext _db;
    private readonly ServedCountryCache _countries;
    private readonly TimeProvider _clock;
    private readonly ILogger<ScheduleShipmentConsumer> _logger;

    public ScheduleShipmentConsumer(ShippingDbContext db, ServedCountryCache countries, TimeProvider clock, ILogger<ScheduleShipmentConsumer> logger)
    {
        _db = db;
        _countries = countries;
        _clock = clock;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ScheduleShipment> context)
    {
        var command = context.Message;

        var existing = await _db.Shipments.FindAsync([command.OrderId], context.CancellationToken);
        if (existing is not null)
        {
            if (existing.Status == ShipmentStatus.Voided)
                LogRefusedAfterVoid(_logger, command.OrderId);

            await PublishOutcome(context, existing);
            return;
        }

        // A malformed command is answered without storing anything: the answer depends on the command alone,
        // so a repeat gets the same one, and nothing that would overflow a column is written.
        var invalid = Validate(command);
        if (invalid is not null)
        {
            await context.Publish(new ShipmentSchedulingFailed(command.OrderId, invalid));
            return;
        }

        var now = _clock.GetUtcNow();
        var shipmentId = NewId.NextGuid();
        var address = command.Address with { Country = command.Address.Country.ToUpperInvariant() };

        var carrier = await _countries.FindCarrierAsync(_db, address.Country, context.CancellationToken);
        var shipment = carrier is null
            ? Shipment.Refused(command.OrderId, shipmentId, address, $"country {address.Country} is not served", now)
            : Shipment.Scheduled(command.OrderId, shipmentId, address, carrier, ToLines(command.Items), now);

        _db.Shipments.Add(shipment);

        // A duplicate of this command, or a cancellation that stored its mark first, makes this throw on the order's key; the
        // retry then finds that shipment and answers from it.
        await _db.SaveChangesAsync(context.CancellationToken);

        await PublishOutcome(context, shipment);
    }

    private static IEnumerable<ShipmentLine> ToLines(IReadOnlyList<OrderItem>? items) =>
        (items ?? [])
            .GroupBy(i => i.Sku, StringComparer.Ordinal)
            .Select(g => new ShipmentLine(g.Key, (int)g.Sum(i => (long)i.Quantity)));

    private static string? Validate(ScheduleShipment command)
    {
        var address = command.Address;
        if (address is null)
            return "the order has no shipping address";

        if (address.Country is not { Length: ServedCountry.CodeLength } || !address.Country.All(char.IsAsciiLetter))
            return $"country '{address.Country}' is not an ISO 3166-1 alpha-2 code";

        if (IsMissingOrTooLong(address.Line1, Shipment.Line1MaxLength))
            return string.Create(CultureInfo.InvariantCulture, $"address line 1 must have 1 to {Shipment.Line1MaxLength} characters");

        if (IsMissingOrTooLong(address.City, Shipment.CityMaxLength))
            return string.Create(CultureInfo.InvariantCulture, $"city must have 1 to {Shipment.CityMaxLength} characters");

        if (IsMissingOrTooLong(address.PostalCode, Shipment.PostalCodeMaxLength))
            return string.Create(CultureInfo.InvariantCulture, $"postal code must have 1 to {Shipment.PostalCodeMaxLength} characters");

        foreach (var item in command.Items ?? [])
        {
            if (IsMissingOrTooLong(item.Sku, ShipmentLine.SkuMaxLength))
                return $"invalid SKU '{item.Sku}'";

            if (item.Quantity < ParticipantLimits.MinQuantity)
                return string.Create(CultureInfo.InvariantCulture, $"quantity of {item.Sku} must be positive, was {item.Quantity}");
        }

        // Lines of one SKU are stored as one, summed.
        var oversized = (command.Items ?? [])
            .GroupBy(i => i.Sku, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Sum(i => (long)i.Quantity) > ParticipantLimits.MaxQuantityPerSku);
        if (oversized is not null)
            return string.Create(CultureInfo.InvariantCulture, $"quantity of {oversized.Key} must be at most {ParticipantLimits.MaxQuantityPerSku} in all");

        return null;
    }

    private static bool IsMissingOrTooLong(string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) || value.Length > maxLength;

    private static Task PublishOutcome(ConsumeContext context, Shipment shipment) =>
        shipment.Status switch
        {
            // A cancelled shipment was scheduled once; the saga decides what a late repeat means.
            ShipmentStatus.Scheduled or ShipmentStatus.Cancelled =>
                context.Publish(new ShipmentScheduled(shipment.OrderId, shipment.ShipmentId)),
            _ => context.Publish(new ShipmentSchedulingFailed(shipment.OrderId, shipment.RefusalReason ?? "shipment refused")),
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Shipment of order {OrderId} refused: the order was cancelled before it was scheduled")]
    private static partial void LogRefusedAfterVoid(ILogger logger, Guid orderId);
}
