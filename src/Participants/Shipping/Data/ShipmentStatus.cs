namespace Saga.Participants.Shipping.Data;

public enum ShipmentStatus
{
    Scheduled,
    Cancelled,
    Refused,
}
