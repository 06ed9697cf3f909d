namespace Saga.Participants.Inventory.Data;

/// <summary>
/// The outcome of the one reservation an order may have. Keyed by order so that a repeated or concurrent
/// ReserveInventory for the same order can only ever create one, and a repeat can answer from it; a release that comes
/// first leaves a <see cref="ReservationStatus.Voided"/> reservation on the same key, so the two cannot both take effect.
/// </summary>
public class Reservation
{
    public const int FailureReasonMaxLength = 1000;

    /// <summary>What a ReserveInventory that arrives after its order's release is refused with.</summary>
    public const string VoidedReason = "the order was cancelled before the inventory was reserved";

    private Reservation(Guid orderId, Guid reservationId, ReservationStatus status, string? failureReason, DateTimeOffset createdAt)
    {
        OrderId = orderId;
        ReservationId = reservationId;
        Status = status;
        FailureReason = failureReason;
        CreatedAt = createdAt;
    }

    public Guid OrderId { get; private set; }

    /// <summary>Every attempt gets an id, but only that of a successful reservation is ever published.</summary>
    public Guid ReservationId { get; private set; }

    public ReservationStatus Status { get; private set; }

    public string? FailureReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When a reservation was released (see <see cref="ReservationUpdates.TryMarkReleasedAsync"/>).</summary>
    public DateTimeOffset? ReleasedAt { get; private set; }

    /// <summary>Exactly what was taken from stock, so a release can give back exactly that.</summary>
    public List<ReservationLine> Lines { get; private set; } = [];

    public static Reservation Reserved(Guid orderId, Guid reservationId, IEnumerable<ReservationLine> lines, DateTimeOffset now)
    {
        var reservation = new Reservation(orderId, reservationId, ReservationStatus.Reserved, null, now);
        reservation.Lines.AddRange(lines);
        return reservation;
    }

    public static Reservation Failed(Guid orderId, Guid reservationId, string reason, DateTimeOffset now) =>
        new(orderId, reservationId, ReservationStatus.Failed, reason, now);

    /// <summary>The mark of a release that found nothing to release: the order's reservation will not run any more.</summary>
    public static Reservation Voided(Guid orderId, Guid reservationId, DateTimeOffset now) =>
        new(orderId, reservationId, ReservationStatus.Voided, VoidedReason, now);
}
