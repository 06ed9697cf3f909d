namespace Saga.Participants.Shipping.Data;

public enum ShipmentStatus
{
    Scheduled,
    Cancelled,
    Refused,

    /// <summary>
    /// Cancelled before it was scheduled: the mark a cancellation leaves when it finds no shipment, so that a
    /// ScheduleShipment arriving later (one the orchestrator gave up waiting for) is refused instead of shipping a
    /// compensated order.
    /// </summary>
    Voided,
}
