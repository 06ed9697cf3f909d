namespace Saga.Participants.Payment.Data;

/// <summary>
/// The outcome of the one payment an order may have. Keyed by order so that a repeated or concurrent
/// ProcessPayment for the same order can only ever create one record, and a repeat can answer from it; a refund that comes
/// first leaves a <see cref="PaymentStatus.Voided"/> record on the same key, so the two cannot both take effect.
/// </summary>
public class PaymentRecord
{
    public const int DeclineReasonMaxLength = 500;

    /// <summary>What a ProcessPayment that arrives after its order's refund is declined with.</summary>
    public const string VoidedReason = "the order was cancelled before the payment ran";

    private PaymentRecord(
        Guid orderId,
        Guid paymentId,
        string? customerId,
        decimal amount,
        string? currency,
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

    /// <summary>Null only for a voided order: the refund that voided it does not know the customer.</summary>
    public string? CustomerId { get; private set; }

    public decimal Amount { get; private set; }

    /// <summary>Null only for a voided order.</summary>
    public string? Currency { get; private set; }

    public PaymentStatus Status { get; private set; }

    public string? DeclineReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When a processed payment was refunded (see <see cref="PaymentRecordUpdates.TryMarkRefundedAsync"/>).</summary>
    public DateTimeOffset? RefundedAt { get; private set; }

    public static PaymentRecord Processed(Guid orderId, Guid paymentId, string customerId, decimal amount, string currency, DateTimeOffset now) =>
        new(orderId, paymentId, customerId, amount, currency, PaymentStatus.Processed, null, now);

    public static PaymentRecord Declined(Guid orderId, Guid paymentId, string customerId, decimal amount, string currency, string reason, DateTimeOffset now) =>
        new(orderId, paymentId, customerId, amount, currency, PaymentStatus.Declined, reason, now);

    /// <summary>The mark of a refund that found nothing to refund: the order's payment will not run any more.</summary>
    public static PaymentRecord Voided(Guid orderId, Guid paymentId, DateTimeOffset now) =>
        new(orderId, paymentId, null, 0m, null, PaymentStatus.Voided, VoidedReason, now);
}
