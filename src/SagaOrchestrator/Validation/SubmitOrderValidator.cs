using System.Globalization;
using Saga.Contracts;

namespace Saga.SagaOrchestrator.Validation;

/// <summary>
/// Checks a submitted order before any participant is called and lists every problem, not just the first.
/// The message comes from any client, so nothing in it is trusted to be present.
/// </summary>
public static class SubmitOrderValidator
{
    public const int MaxItems = 100;
    public const int MinQuantity = 1;
    public const int MaxQuantity = 10_000;
    public const int MaxCustomerIdLength = 64;
    public const int MaxSkuLength = 64;
    public const int MaxAddressFieldLength = 200;

    public static IReadOnlyList<string> Validate(SubmitOrder order)
    {
        var reasons = new List<string>();

        if (order.OrderId == Guid.Empty)
            reasons.Add("OrderId is required");

        if (string.IsNullOrWhiteSpace(order.CustomerId))
            reasons.Add("CustomerId is required");
        else if (order.CustomerId.Length > MaxCustomerIdLength)
            reasons.Add($"CustomerId is longer than {MaxCustomerIdLength} characters");

        ValidateItems(order.Items, reasons);

        if (string.IsNullOrWhiteSpace(order.Currency))
            reasons.Add("Currency is required");
        else if (!IsoCodes.Currencies.Contains(order.Currency))
            reasons.Add($"Currency '{order.Currency}' is not an ISO 4217 code");

        ValidateAddress(order.ShippingAddress, reasons);

        return reasons;
    }

    /// <summary>
    /// The order total in the currency's minor unit (two decimals, rounded half to even), which is what payment charges;
    /// only meaningful for an order that passed validation.
    /// </summary>
    public static decimal Total(IEnumerable<OrderItem> items) =>
        Math.Round(items.Sum(item => item.Quantity * item.UnitPrice), 2, MidpointRounding.ToEven);

    static void ValidateItems(IReadOnlyList<OrderItem>? items, List<string> reasons)
    {
        if (items is null || items.Count == 0)
        {
            reasons.Add("the order has no items");
            return;
        }

        var reasonsBefore = reasons.Count;
        if (items.Count > MaxItems)
            reasons.Add($"the order has {items.Count} items; at most {MaxItems} are allowed");

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var label = $"item {i + 1}";
            if (item is null)
            {
                reasons.Add($"{label} is empty");
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Sku))
                reasons.Add($"{label}: Sku is required");
            else
            {
                label = $"{label} ({item.Sku})";
                if (item.Sku.Length > MaxSkuLength)
                    reasons.Add($"{label}: Sku is longer than {MaxSkuLength} characters");
            }

            if (item.Quantity is < MinQuantity or > MaxQuantity)
                reasons.Add($"{label}: quantity {item.Quantity} is outside {MinQuantity}..{MaxQuantity}");

            if (item.UnitPrice < 0)
                reasons.Add($"{label}: unit price {item.UnitPrice.ToString(CultureInfo.InvariantCulture)} is negative");
        }

        if (reasons.Count == reasonsBefore && !TotalFits(items))
            reasons.Add("the order total is too large");
    }

    static bool TotalFits(IReadOnlyList<OrderItem> items)
    {
        try
        {
            _ = Total(items);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    static void ValidateAddress(ShippingAddress? address, List<string> reasons)
    {
        if (address is null)
        {
            reasons.Add("ShippingAddress is required");
            return;
        }

        Require(address.Line1, "ShippingAddress.Line1", reasons);
        Require(address.City, "ShippingAddress.City", reasons);
        Require(address.PostalCode, "ShippingAddress.PostalCode", reasons);

        if (string.IsNullOrWhiteSpace(address.Country))
            reasons.Add("ShippingAddress.Country is required");
        else if (!IsoCodes.Countries.Contains(address.Country))
            reasons.Add($"country '{address.Country}' is not an ISO 3166-1 alpha-2 code");
    }

    static void Require(string? value, string name, List<string> reasons)
    {
        if (string.IsNullOrWhiteSpace(value))
            reasons.Add($"{name} is required");
        else if (value.Length > MaxAddressFieldLength)
            reasons.Add($"{name} is longer than {MaxAddressFieldLength} characters");
    }
}
