using Saga.Contracts;
using Saga.Participants.Seeding;

namespace Saga.Demo;

/// <summary>
/// A realistic mix of orders against the seeded participant data. Each failing order fails because of that data:
/// a customer without enough credit, a SKU that runs short, a country that is not served.
/// </summary>
public static class DemoOrders
{
    static readonly (string Customer, string Currency)[] Buyers =
    [
        (ParticipantSeedData.WellFundedCustomerId, "EUR"), ("CUST-1002", "EUR"), ("CUST-1004", "USD"), ("CUST-1005", "USD"),
        ("CUST-1007", "GBP"), ("CUST-1008", "GBP"),
    ];

    static readonly (string Sku, decimal Price)[] Catalogue =
    [
        ("SKU-KB-001", 89.90m), ("SKU-MS-001", 24.50m), ("SKU-MS-002", 39.00m), ("SKU-HS-001", 129.00m), ("SKU-CB-001", 9.90m),
        ("SKU-CB-002", 14.90m), ("SKU-WC-001", 59.00m), ("SKU-LS-001", 44.00m), ("SKU-SD-001", 79.00m),
    ];

    static readonly ShippingAddress[] Addresses =
    [
        new("Friedrichstrasse 43", "Berlin", "10117", "DE"), new("12 Rue de Rivoli", "Paris", "75004", "FR"),
        new("Damrak 70", "Amsterdam", "1012 LM", "NL"), new("221B Baker Street", "London", "NW1 6XE", "GB"),
        new("350 Fifth Avenue", "New York", "10118", "US"), new("Calle de Alcala 50", "Madrid", "28014", "ES"),
    ];

    public static IReadOnlyList<DemoOrder> Create(int count, int seed = 2026)
    {
        var random = new Random(seed);
        var orders = new List<DemoOrder>
        {
            new("declined: too little credit", Order(random, ParticipantSeedData.LowCreditCustomerId, "EUR", [new OrderItem("SKU-HS-001", 1, 129.00m)])),
            new("declined: no such customer", Order(random, ParticipantSeedData.UnknownCustomerId, "EUR", [new OrderItem("SKU-MS-001", 1, 24.50m)])),
            new("short: 3 of a SKU with 2 in stock", Order(random, "CUST-1004", "USD", [new OrderItem(ParticipantSeedData.LowStockSku, 3, 499.00m)])),
            new("short: unknown SKU", Order(random, "CUST-1002", "EUR", [new OrderItem(ParticipantSeedData.UnknownSku, 1, 5.00m)])),
            new("unserved country", Order(random, ParticipantSeedData.WellFundedCustomerId, "EUR", [new OrderItem("SKU-KB-001", 1, 89.90m)],
                new ShippingAddress("Avenida Paulista 1578", "Sao Paulo", "01310-200", ParticipantSeedData.UnservedCountryCodes[0]))),
            new("invalid: no items, bad currency", new SubmitOrder(Guid.NewGuid(), "CUST-1001", [], "EURO", Addresses[0])),
            new("cancelled while paying", Order(random, ParticipantSeedData.WellFundedCustomerId, "EUR", [new OrderItem("SKU-LS-001", 1, 44.00m)]),
                CancelWhilePaying: true),
        };

        while (orders.Count < count)
        {
            var (customer, currency) = Buyers[random.Next(Buyers.Length)];
            var items = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => Catalogue[random.Next(Catalogue.Length)])
                .DistinctBy(x => x.Sku)
                .Select(x => new OrderItem(x.Sku, random.Next(1, 3), x.Price))
                .ToList();
            orders.Add(new DemoOrder("expected to complete", Order(random, customer, currency, items)));
        }

        // Interleave the failures with the successes, as real traffic would.
        return [.. orders.OrderBy(_ => random.Next())];
    }

    static SubmitOrder Order(Random random, string customer, string currency, IReadOnlyList<OrderItem> items, ShippingAddress? address = null) =>
        new(NewGuid(random), customer, items, currency, address ?? Addresses[random.Next(Addresses.Length)]);

    static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
