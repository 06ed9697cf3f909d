namespace Saga.Participants.Payment.FraudRules;

/// <summary>The fraud check's rule, bound from <see cref="Section"/>. By default it blocks nothing.</summary>
public sealed class FraudCheckOptions
{
    public const string Section = "Participants:Payment:FraudCheck";

    /// <summary>Customer ids whose orders fail the check (compared exactly).</summary>
    public List<string> BlockedCustomers { get; set; } = [];

    /// <summary>The largest order amount that passes, in the order's currency; none by default.</summary>
    public decimal? MaxOrderAmount { get; set; }
}
