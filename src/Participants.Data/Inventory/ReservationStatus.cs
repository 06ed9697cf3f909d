namespace Saga.Participants.Inventory.Data;

public enum ReservationStatus
{
    Reserved,
    Released,
    Failed,

    /// <summary>
    /// Released before it was reserved: the mark a release leaves when it finds no reservation, so that a ReserveInventory
    /// arriving later (one the orchestrator gave up waiting for) is refused instead of holding stock for a compensated order.
    /// </summary>
    Voided,
}
