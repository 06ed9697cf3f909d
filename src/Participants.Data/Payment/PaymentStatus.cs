namespace Saga.Participants.Payment.Data;

public enum PaymentStatus
{
    Processed,
    Declined,
    Refunded,

    /// <summary>
    /// Refunded before it ran: the mark a refund leaves when it finds no payment, so that a ProcessPayment arriving later
    /// (one the orchestrator gave up waiting for) is declined instead of charging an order that is already compensated.
    /// </summary>
    Voided,
}
