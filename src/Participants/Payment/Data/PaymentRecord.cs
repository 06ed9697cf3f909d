namespace Saga.Participants.Payment.Data;

/// <summary>
/// The outcome of the one payment an order may have. Keyed by order so that a repeated or concurrent
/// ProcessPayment for the same order can only ever create one record, and a repeat can answer from it.
/// </summary>
public class PaymentRecord
{
    public const int DeclineReasonMaxLength = 500;

    private PaymentRecord(
        Guid orderId,
        Guid paymentId,
        string customerId,
        decimal amount,
        string currency,
        PaymentStatus status,
        string? declineReason,
        DateTimeOffset createdAt)
    {
        OrderId = orderId;
        PaymentId = paymentId;
        CustomerId = customerId;
        Amount = amount;
        Currency = currency;
        Status = status;
        DeclineReason = declineReason;
        CreatedAt = createdAt;
    }

    public Guid OrderId { get; private set; }

    /// <summary>Every attempt gets an id, but only that of a processed payment is ever published.</summary>
    public Guid PaymentId { get; private set; }

    public string CustomerId { get; private set; }

    public decimal Amount { get; private set; }

    public string Currency { get; private set; }

    public PaymentStatus Status { get; private set; }

    public string? DeclineReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    public static PaymentRecord Processed(Guid orderId, Guid paymentId, string customerId, decimal amount, string currency, DateTimeOffset now) =>
        new(orderId, paymentId, customerId, amount, currency, PaymentStatus.Processed, null, now);

    public static PaymentRecord Declined(Guid orderId, Guid paymentId, string customerId, decimal amount, string currency, string reason, DateTimeOffset now) =>
        new(orderId, paymentId, customerId, amount, currency, PaymentStatus.Declined, reason, now);

    public void MarkRefunded(DateTimeOffset now)
    {
        if (Status != PaymentStatus.Processed)
            throw new InvalidOperationException($"Payment {PaymentId} of order {OrderId} is {Status} and cannot be refunded.");

        Status = PaymentStatus.Refunded;
        RefundedAt = now;
    }
}
