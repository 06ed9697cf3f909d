namespace Saga.Contracts;

/// <summary>
/// What every service accepts in an order: the orchestrator rejects a <see cref="SubmitOrder"/> outside these limits before
/// any participant is called, and no column of any service is narrower, so a valid order can never fail a save.
/// </summary>
public static class OrderLimits
{
    public const int MaxCustomerIdLength = 64;

    /// <summary>The longest <see cref="SubmitOrder.CustomerReference"/>.</summary>
    public const int MaxCustomerReferenceLength = 64;

    public const int MaxGivenNameLength = 100;

    public const int MaxFamilyNameLength = 100;

    /// <summary>The longest e-mail address (RFC 5321's path limit).</summary>
    public const int MaxEmailLength = 254;

    public const int MaxPhoneLength = 32;

    public const int MaxItems = 100;

    public const int MaxSkuLength = 64;

    public const int MinQuantity = 1;

    public const int MaxQuantity = 10_000;

    /// <summary>The largest order total: fits the orchestrator's <c>numeric(19,4)</c> and payment's <c>numeric(18,2)</c> columns.</summary>
    public const decimal MaxTotal = 999_999_999_999.99m;

    public const int MaxAddressLine1Length = 200;

    public const int MaxCityLength = 100;

    public const int MaxPostalCodeLength = 20;

    /// <summary>How much of a <see cref="CancelOrder.Reason"/> is kept; a longer one is cut, not refused.</summary>
    public const int MaxCancellationReasonLength = 500;
}
