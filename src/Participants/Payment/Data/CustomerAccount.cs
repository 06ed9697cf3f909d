namespace Saga.Participants.Payment.Data;

/// <summary>A customer's credit line. <see cref="Used"/> is everything charged minus everything refunded.</summary>
public class CustomerAccount
{
    public const int CustomerIdMaxLength = 64;
    public const int CurrencyLength = 3;

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

    /// <summary>
    /// Bumped on every change and checked by the UPDATE, so two charges that both read the same balance
    /// cannot both succeed: the second one fails with a concurrency conflict and is retried on fresh data.
    /// </summary>
    public int Version { get; private set; }

    public decimal AvailableCredit => CreditLimit - Used;

    public void Charge(decimal amount)
    {
        if (amount < 0)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A charge must not be negative.");

        if (amount > AvailableCredit)
            throw new InvalidOperationException($"Customer {CustomerId} has {AvailableCredit} {Currency} available, cannot charge {amount}.");

        Used += amount;
        Version++;
    }

    public void Refund(decimal amount)
    {
        if (amount < 0)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A refund must not be negative.");

        if (amount > Used)
            throw new InvalidOperationException($"Customer {CustomerId} has only {Used} {Currency} charged, cannot refund {amount}.");

        Used -= amount;
        Version++;
    }
}
