namespace Saga.Participants.Payment.Data;

/// <summary>
/// The fraud check decision of one order. Keyed by order, so that a repeated or concurrent <c>CheckFraud</c> can only
/// ever record one decision and every repeat is answered with it, even after the rule changed.
/// </summary>
public class FraudCheck
{
    public const int ReasonMaxLength = 500;

    private FraudCheck(Guid orderId, Guid checkId, bool passed, string? reason, DateTimeOffset checkedAt)
    {
        OrderId = orderId;
        CheckId = checkId;
        Passed = passed;
        Reason = reason;
        CheckedAt = checkedAt;
    }

    public Guid OrderId { get; private set; }

    /// <summary>The decision's id, which a pass is published with (the saga keeps it as the step's reference).</summary>
    public Guid CheckId { get; private set; }

    public bool Passed { get; private set; }

    /// <summary>Why the check failed; null when it passed.</summary>
    public string? Reason { get; private set; }

    public DateTimeOffset CheckedAt { get; private set; }

    public static FraudCheck Pass(Guid orderId, Guid checkId, DateTimeOffset now) => new(orderId, checkId, true, null, now);

    /// <summary>A failed check; a reason longer than the column is cut, never refused by the save.</summary>
    public static FraudCheck Fail(Guid orderId, Guid checkId, string reason, DateTimeOffset now) =>
        new(orderId, checkId, false, reason.Length <= ReasonMaxLength ? reason : reason[..ReasonMaxLength], now);
}
