using Saga.Contracts;

namespace Saga.SagaHarness.Orders;

/// <summary>
/// The orders a run submits, a deterministic mix: every 10th order fails, alternately at inventory (an unknown SKU on one
/// line) and at shipping (a country that is not served); the others complete. Payment never fails: every customer has
/// credit for the whole run. Orders spread over many customers and SKUs, as real traffic does, so that the participants'
/// optimistic concurrency on an account or a stock row is rarely contended.
/// </summary>
public static class Workload
{
    public const int Customers = 1000;
    public const int Skus = 500;
    public const int StockPerSku = 1_000_000;
    public const decimal CreditLimit = 1_000_000_000m;
    public const string Currency = "EUR";
    public const string UnknownSku = "BENCH-SKU-UNKNOWN";
    public const string UnservedCountry = "BR";

    public static readonly IReadOnlyList<(string Code, string Carrier)> ServedCountries =
        [("DE", "DHL"), ("FR", "Colissimo"), ("NL", "PostNL"), ("GB", "Royal Mail"), ("US", "UPS"), ("ES", "Correos")];

    static readonly ShippingAddress[] Addresses =
    [
        new("Friedrichstrasse 43", "Berlin", "10117", "DE"), new("12 Rue de Rivoli", "Paris", "75004", "FR"),
        new("Damrak 70", "Amsterdam", "1012 LM", "NL"), new("221B Baker Street", "London", "NW1 6XE", "GB"),
        new("350 Fifth Avenue", "New York", "10118", "US"), new("Calle de Alcala 50", "Madrid", "28014", "ES"),
    ];

    /// <summary>An address in <see cref="UnservedCountry"/>: shipping refuses it.</summary>
    public static ShippingAddress Unserved { get; } = new("Avenida Paulista 1578", "Sao Paulo", "01310-200", UnservedCountry);

    public static string CustomerId(int number) => $"BENCH-C{number:D5}";

    public static string Sku(int number) => $"BENCH-SKU-{number:D4}";

    public static ExpectedOutcome OutcomeOf(int index) =>
        index % 10 != 9 ? ExpectedOutcome.Complete
        : index / 10 % 2 == 0 ? ExpectedOutcome.FailAtInventory
        : ExpectedOutcome.FailAtShipping;

    public static PlannedOrder Plan(int index)
    {
        var outcome = OutcomeOf(index);
        var items = Items(index);
        if (outcome == ExpectedOutcome.FailAtInventory)
            items.Add(new OrderItem(UnknownSku, 1, 5.00m));

        var address = outcome == ExpectedOutcome.FailAtShipping ? Unserved : Address(index);
        var order = new SubmitOrder(Guid.NewGuid(), CustomerId(index % Customers), items, Currency, address);
        return new PlannedOrder(index, order, outcome);
    }

    /// <summary>One to three lines of seeded SKUs, one or two units each, spread over the SKUs.</summary>
    public static List<OrderItem> Items(int index)
    {
        var items = new List<OrderItem>();
        var lines = 1 + index % 3;
        for (var line = 0; line < lines; line++)
        {
            var sku = (index * 7 + line * 131) % Skus;
            items.Add(new OrderItem(Sku(sku), 1 + (index + line) % 2, 10.00m + sku % 50));
        }

        return items;
    }

    /// <summary>An address in one of the served countries.</summary>
    public static ShippingAddress Address(int index) => Addresses[index % Addresses.Length];
}
