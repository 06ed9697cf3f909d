namespace Saga.Participants.Payment.Data;

public enum PaymentStatus
{
    Processed,
    Declined,
    Refunded,
}
