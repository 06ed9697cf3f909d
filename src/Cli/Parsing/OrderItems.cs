using System.Globalization;
using Saga.Contracts;

namespace Saga.Cli.Parsing;

/// <summary>An order line as <c>SKU:QUANTITY:UNIT_PRICE</c>, e.g. <c>SKU-KB-001:2:89.90</c> (a dot for decimals).</summary>
public static class OrderItems
{
    public static bool TryParse(string text, out OrderItem? item, out string? error)
    {
        item = null;
        error = null;
        var parts = text.Split(':');
        if (parts.Length != 3 || parts[0].Length == 0)
        {
            error = $"'{text}' is not SKU:QUANTITY:PRICE";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity))
        {
            error = $"'{text}': quantity '{parts[1]}' is not a whole number";
            return false;
        }

        if (!decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
        {
            error = $"'{text}': price '{parts[2]}' is not a number like 9.90";
            return false;
        }

        item = new OrderItem(parts[0], quantity, price);
        return true;
    }
}
