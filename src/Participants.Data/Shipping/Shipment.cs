using Saga.Contracts;

namespace Saga.Participants.Shipping.Data;

/// <summary>
/// The outcome of the one shipment an order may have. Keyed by order so that a repeated or concurrent
/// ScheduleShipment for the same order can only ever create one, and a repeat can answer from it; a cancellation that comes
/// first leaves a <see cref="ShipmentStatus.Voided"/> shipment on the same key, so the two cannot both take effect.
/// </summary>
public class Shipment
{
    public const int Line1MaxLength = ParticipantLimits.AddressLine1MaxLength;
    public const int CityMaxLength = ParticipantLimits.CityMaxLength;
    public const int PostalCodeMaxLength = ParticipantLimits.PostalCodeMaxLength;
    public const int RefusalReasonMaxLength = 500;

    /// <summary>What a ScheduleShipment that arrives after its order's cancellation is refused with.</summary>
    public const string VoidedReason = "the order was cancelled before the shipment was scheduled";

    private Shipment(
        Guid orderId,
        Guid shipmentId,
        string? country,
        string? city,
        string? postalCode,
        string? line1,
        string? carrier,
        ShipmentStatus status,
        string? refusalReason,
        DateTimeOffset createdAt)
    {
        OrderId = orderId;
        ShipmentId = shipmentId;
        Country = country;
        City = city;
        PostalCode = postalCode;
        Line1 = line1;
        Carrier = carrier;
        Status = status;
        RefusalReason = refusalReason;
        CreatedAt = createdAt;
    }

    public Guid OrderId { get; private set; }

    /// <summary>Every attempt gets an id, but only that of a scheduled shipment is ever published.</summary>
    public Guid ShipmentId { get; private set; }

    /// <summary>The address fields are null only on a voided order's shipment, which was never asked for.</summary>
    public string? Country { get; private set; }

    public string? City { get; private set; }

    public string? PostalCode { get; private set; }

    public string? Line1 { get; private set; }

    /// <summary>Set when scheduled; a refused shipment has no carrier.</summary>
    public string? Carrier { get; private set; }

    public ShipmentStatus Status { get; private set; }

    public string? RefusalReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>Bumped on every change and checked by the UPDATE, so of two concurrent cancellations only one commits.</summary>
    public int Version { get; private set; }

    public List<ShipmentLine> Lines { get; private set; } = [];

    public static Shipment Scheduled(
        Guid orderId, Guid shipmentId, ShippingAddress address, string carrier, IEnumerable<ShipmentLine> lines, DateTimeOffset now)
    {
        var shipment = new Shipment(
            orderId, shipmentId, address.Country, address.City, address.PostalCode, address.Line1, carrier, ShipmentStatus.Scheduled, null, now);
        shipment.Lines.AddRange(lines);
        return shipment;
    }

    public static Shipment Refused(Guid orderId, Guid shipmentId, ShippingAddress address, string reason, DateTimeOffset now) =>
        new(orderId, shipmentId, address.Country, address.City, address.PostalCode, address.Line1, null, ShipmentStatus.Refused, reason, now);

    /// <summary>The mark of a cancellation that found nothing to cancel: the order's shipment will not be scheduled any more.</summary>
    public static Shipment Voided(Guid orderId, Guid shipmentId, DateTimeOffset now) =>
        new(orderId, shipmentId, null, null, null, null, null, ShipmentStatus.Voided, VoidedReason, now);

    public void MarkCancelled(DateTimeOffset now)
    {
        if (Status != ShipmentStatus.Scheduled)
            throw new InvalidOperationException($"Shipment {ShipmentId} of order {OrderId} is {Status} and cannot be cancelled.");

        Status = ShipmentStatus.Cancelled;
        CancelledAt = now;
        Version++;
    }
}
