namespace Saga.Participants.Payment.Data;

/// <summary>
/// A customer's credit line. <see cref="Used"/> is everything charged minus everything refunded; it only ever changes through
/// <see cref="CustomerAccountUpdates"/>, one conditional UPDATE of this row each.
/// </summary>
public class CustomerAccount
{
    public const int CustomerIdMaxLength = ParticipantLimits.CustomerIdMaxLength;
    public const int CurrencyLength = ParticipantLimits.CurrencyLength;

    public CustomerAccount(string customerId, string currency, decimal creditLimit)
    {
        CustomerId = customerId;
        Currency = currency;
        CreditLimit = creditLimit;
    }

    public string CustomerId { get; private set; }

    /// <summary>ISO 4217 code; the account is only ever charged in this currency.</summary>
    public string Currency { get; private set; }

    public decimal CreditLimit { get; private set; }

    public decimal Used { get; private set; }

    public decimal AvailableCredit => CreditLimit - Used;
}
