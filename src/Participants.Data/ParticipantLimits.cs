namespace Saga.Participants;

/// <summary>
/// What the participants accept of an order's data: the sizes of the columns it is stored in and the ranges their commands
/// check. A command outside them is answered with the participant's failure reply (PaymentDeclined,
/// InventoryReservationFailed, ShipmentSchedulingFailed) and nothing is stored, so a submitted order should be checked
/// against them before any step runs. The entities and mappings take their sizes from here.
/// </summary>
public static class ParticipantLimits
{
    /// <summary>Payment: <c>customer_accounts.CustomerId</c> and the payment records and ledger entries that name it; not blank.</summary>
    public const int CustomerIdMaxLength = 64;

    /// <summary>Payment: an ISO 4217 code, three ASCII letters, compared case-insensitively with the account's currency.</summary>
    public const int CurrencyLength = 3;

    /// <summary>Payment: amounts are <c>decimal(18, 2)</c>, never negative; a zero amount is a valid, free order.</summary>
    public const int AmountPrecision = 18;

    /// <summary>Payment: at most two decimal places; finer amounts are declined rather than rounded by the database.</summary>
    public const int AmountScale = 2;

    /// <summary>Payment: the largest amount <c>decimal(18, 2)</c> holds.</summary>
    public const decimal MaxAmount = 9_999_999_999_999_999.99m;

    /// <summary>Inventory and shipping: <c>stock_items.Sku</c>, <c>reservation_lines.Sku</c>, <c>shipment_lines.Sku</c>; not blank.</summary>
    public const int SkuMaxLength = 64;

    /// <summary>Inventory and shipping: every line's quantity is at least one.</summary>
    public const int MinQuantity = 1;

    /// <summary>
    /// Inventory and shipping: lines of one SKU are summed into one stored line, an <c>int</c>; an order whose lines of one SKU
    /// add up to more than this cannot be reserved (inventory) or scheduled (shipping).
    /// </summary>
    public const int MaxQuantityPerSku = int.MaxValue;

    /// <summary>Inventory: an order with no items is refused. There is no upper bound on the number of lines.</summary>
    public const int MinItems = 1;

    /// <summary>Shipping: an ISO 3166-1 alpha-2 code, two ASCII letters (either case).</summary>
    public const int CountryCodeLength = 2;

    /// <summary>Shipping: <c>shipments.Line1</c>; not blank.</summary>
    public const int AddressLine1MaxLength = 200;

    /// <summary>Shipping: <c>shipments.City</c>; not blank.</summary>
    public const int CityMaxLength = 100;

    /// <summary>Shipping: <c>shipments.PostalCode</c>; not blank.</summary>
    public const int PostalCodeMaxLength = 20;
}
