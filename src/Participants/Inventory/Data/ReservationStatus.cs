namespace Saga.Participants.Inventory.Data;

public enum ReservationStatus
{
    Reserved,
    Released,
    Failed,
}
