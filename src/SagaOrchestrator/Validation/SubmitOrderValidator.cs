using System.Globalization;
using Saga.Contracts;
using Saga.SagaOrchestrator.Submissions;

namespace Saga.SagaOrchestrator.Validation;

/// <summary>
/// Checks a submitted order against <see cref="OrderLimits"/> before any participant is called and lists every problem,
/// not just the first. The message comes from any client, so nothing in it is trusted to be present, and client text is
/// only ever quoted cut short: a reason never grows with the input. Both contract versions are checked in their common
/// form, <see cref="OrderSubmission"/>, so the same order gets the same reasons in either.
/// </summary>
public static class SubmitOrderValidator
{
    /// <summary>How much of a client's value a reason quotes.</summary>
    public const int MaxQuotedLength = 40;

    /// <summary>The characters a phone number may hold besides digits.</summary>
    public const string PhoneSeparators = " +-().";

    public static IReadOnlyList<string> Validate(SubmitOrder order) => Validate(OrderSubmission.From(order));

    public static IReadOnlyList<string> Validate(SubmitOrderV2 order) => Validate(OrderSubmission.From(order));

    public static IReadOnlyList<string> Validate(OrderSubmission order)
    {
        var reasons = new List<string>();

        if (order.OrderId == Guid.Empty)
            reasons.Add("OrderId is required");

        if (string.IsNullOrWhiteSpace(order.CustomerId))
            reasons.Add($"{order.CustomerIdField} is required");
        else if (order.CustomerId.Length > OrderLimits.MaxCustomerIdLength)
            reasons.Add($"{order.CustomerIdField} is longer than {OrderLimits.MaxCustomerIdLength} characters");

        if (order.Contact is { } contact)
            ValidateContact(contact, reasons);

        if (order.CustomerReference is { } reference)
            ValidateText(reference, "CustomerReference", OrderLimits.MaxCustomerReferenceLength, reasons);

        ValidateItems(order.Items, reasons);

        if (string.IsNullOrWhiteSpace(order.Currency))
            reasons.Add("Currency is required");
        else if (!IsoCodes.Currencies.Contains(order.Currency))
            reasons.Add($"Currency {Quote(order.Currency)} is not an ISO 4217 code");

        ValidateAddress(order.ShippingAddress, reasons);

        return reasons;
    }

    /// <summary>
    /// Whether <paramref name="email"/> has the shape of an address: one <c>@</c> between a local part and a domain with a
    /// dot inside it, no spaces or control characters. Only the mail server can tell whether it exists.
    /// </summary>
    public static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return false;

        var domain = email.AsSpan(at + 1);
        var dot = domain.IndexOf('.');
        return dot > 0 && domain[^1] != '.' && !domain.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="phone"/> is digits with the usual separators (<see cref="PhoneSeparators"/>), and at least one digit.</summary>
    public static bool LooksLikePhone(string phone) =>
        phone.Any(char.IsAsciiDigit) && phone.All(c => char.IsAsciiDigit(c) || PhoneSeparators.Contains(c, StringComparison.Ordinal));

    /// <summary>
    /// The order total in the currency's minor unit (two decimals, rounded half to even), which is what payment charges;
    /// only meaningful for an order that passed validation.
    /// </summary>
    public static decimal Total(IEnumerable<OrderItem> items) =>
        Math.Round(items.Sum(item => item.Quantity * item.UnitPrice), 2, MidpointRounding.ToEven);

    /// <summary>A client's value as a reason quotes it: in quotes, cut to <see cref="MaxQuotedLength"/> characters.</summary>
    public static string Quote(string value) =>
        value.Length <= MaxQuotedLength ? $"'{value}'" : $"'{value[..MaxQuotedLength]}…' ({value.Length} characters)";

    static void ValidateItems(IReadOnlyList<OrderItem>? items, List<string> reasons)
    {
        if (items is null || items.Count == 0)
        {
            reasons.Add("the order has no items");
            return;
        }

        // Each item gets its own reasons only within the limit, so that the reasons stay as bounded as the items.
        if (items.Count > OrderLimits.MaxItems)
        {
            reasons.Add($"the order has {items.Count} items; at most {OrderLimits.MaxItems} are allowed");
            return;
        }

        var reasonsBefore = reasons.Count;
        for (var i = 0; i < items.Count; i++)
            ValidateItem(items[i], $"item {i + 1}", reasons);

        if (reasons.Count == reasonsBefore && !TotalFits(items))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the order total is larger than {OrderLimits.MaxTotal:0.00}"));
        }
    }

    static void ValidateItem(OrderItem? item, string label, List<string> reasons)
    {
        if (item is null)
        {
            reasons.Add($"{label} is empty");
            return;
        }

        if (string.IsNullOrWhiteSpace(item.Sku))
            reasons.Add($"{label}: Sku is required");
        else if (item.Sku.Length > OrderLimits.MaxSkuLength)
            reasons.Add($"{label} ({Quote(item.Sku)}): Sku is longer than {OrderLimits.MaxSkuLength} characters");
        else
            label = $"{label} ({item.Sku})";

        if (item.Quantity is < OrderLimits.MinQuantity or > OrderLimits.MaxQuantity)
            reasons.Add($"{label}: quantity {item.Quantity} is outside {OrderLimits.MinQuantity}..{OrderLimits.MaxQuantity}");

        if (item.UnitPrice < 0)
            reasons.Add($"{label}: unit price {item.UnitPrice.ToString(CultureInfo.InvariantCulture)} is negative");
        else if (item.UnitPrice > OrderLimits.MaxTotal)
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: unit price is larger than {OrderLimits.MaxTotal:0.00}"));
    }

    static bool TotalFits(IReadOnlyList<OrderItem> items)
    {
        try
        {
            return Total(items) <= OrderLimits.MaxTotal;
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

        Require(address.Line1, "ShippingAddress.Line1", OrderLimits.MaxAddressLine1Length, reasons);
        Require(address.City, "ShippingAddress.City", OrderLimits.MaxCityLength, reasons);
        Require(address.PostalCode, "ShippingAddress.PostalCode", OrderLimits.MaxPostalCodeLength, reasons);

        if (string.IsNullOrWhiteSpace(address.Country))
            reasons.Add("ShippingAddress.Country is required");
        else if (!IsoCodes.Countries.Contains(address.Country))
            reasons.Add($"country {Quote(address.Country)} is not an ISO 3166-1 alpha-2 code");
    }

    static void ValidateContact(SubmittedContact contact, List<string> reasons)
    {
        if (Require(contact.GivenName, "Customer.Name.Given", OrderLimits.MaxGivenNameLength, reasons))
            ValidateText(contact.GivenName!, "Customer.Name.Given", OrderLimits.MaxGivenNameLength, reasons);
        if (Require(contact.FamilyName, "Customer.Name.Family", OrderLimits.MaxFamilyNameLength, reasons))
            ValidateText(contact.FamilyName!, "Customer.Name.Family", OrderLimits.MaxFamilyNameLength, reasons);

        if (Require(contact.Email, "Customer.Contact.Email", OrderLimits.MaxEmailLength, reasons) && !LooksLikeEmail(contact.Email!))
            reasons.Add($"Customer.Contact.Email {Quote(contact.Email!)} is not an e-mail address");

        if (contact.Phone is not { } phone)
            return;
        if (phone.Length > OrderLimits.MaxPhoneLength)
            reasons.Add($"Customer.Contact.Phone is longer than {OrderLimits.MaxPhoneLength} characters");
        else if (!LooksLikePhone(phone))
            reasons.Add($"Customer.Contact.Phone {Quote(phone)} may hold only digits and '{PhoneSeparators.Trim()}' or spaces");
    }

    /// <summary>Free text kept with the saga and shown to operators: bounded, and without control characters (line breaks would forge log lines).</summary>
    static void ValidateText(string value, string name, int maxLength, List<string> reasons)
    {
        if (value.Length > maxLength)
            reasons.Add($"{name} is longer than {maxLength} characters");
        else if (value.Any(char.IsControl))
            reasons.Add($"{name} contains control characters");
    }

    /// <summary>Adds a reason when <paramref name="value"/> is missing or too long; true when it is present and fits.</summary>
    static bool Require(string? value, string name, int maxLength, List<string> reasons)
    {
        if (string.IsNullOrWhiteSpace(value))
            reasons.Add($"{name} is required");
        else if (value.Length > maxLength)
            reasons.Add($"{name} is longer than {maxLength} characters");
        else
            return true;

        return false;
    }
}
