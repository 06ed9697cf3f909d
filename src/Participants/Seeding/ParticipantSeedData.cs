namespace Saga.Participants.Seeding;

/// <summary>
/// The demo data the participants start with. Public so that the demo and tests can pick inputs that succeed or
/// that fail for a data reason: a customer with too little credit, a SKU that runs short, a country not served.
/// </summary>
public static class ParticipantSeedData
{
    /// <summary>A EUR customer with plenty of credit for any demo order.</summary>
    public const string WellFundedCustomerId = "CUST-1001";

    /// <summary>A EUR customer whose 50.00 credit limit declines any typical order.</summary>
    public const string LowCreditCustomerId = "CUST-1009";

    /// <summary>A customer id that has no account at all.</summary>
    public const string UnknownCustomerId = "CUST-9999";

    /// <summary>A SKU with only 2 units on hand, so an order for 3 or more fails to reserve.</summary>
    public const string LowStockSku = "SKU-MN-002";

    /// <summary>A well-stocked SKU for orders that should go through.</summary>
    public const string WellStockedSku = "SKU-CB-001";

    /// <summary>A SKU that is not stocked at all.</summary>
    public const string UnknownSku = "SKU-XX-999";

    public static readonly IReadOnlyList<SeedCustomerAccount> CustomerAccounts =
    [
        new(WellFundedCustomerId, "EUR", 10_000.00m),
        new("CUST-1002", "EUR", 2_500.00m),
        new("CUST-1003", "EUR", 750.00m),
        new("CUST-1004", "USD", 20_000.00m),
        new("CUST-1005", "USD", 5_000.00m),
        new("CUST-1006", "USD", 1_500.00m),
        new("CUST-1007", "GBP", 8_000.00m),
        new("CUST-1008", "GBP", 3_000.00m),
        new(LowCreditCustomerId, "EUR", 50.00m),
        new("CUST-1010", "USD", 25.00m),
    ];

    public static readonly IReadOnlyList<SeedStockItem> StockItems =
    [
        new("SKU-KB-001", "Mechanical keyboard, US layout", 120),
        new("SKU-KB-002", "Mechanical keyboard, German ISO layout", 80),
        new("SKU-MS-001", "Wireless mouse", 200),
        new("SKU-MS-002", "Ergonomic vertical mouse", 60),
        new("SKU-MN-001", "27-inch 4K monitor", 40),
        new(LowStockSku, "34-inch ultrawide monitor", 2),
        new("SKU-HS-001", "Noise-cancelling headset", 75),
        new(WellStockedSku, "USB-C cable, 1 m", 500),
        new("SKU-CB-002", "HDMI 2.1 cable, 2 m", 300),
        new("SKU-DK-001", "USB-C docking station", 35),
        new("SKU-WC-001", "1080p webcam", 90),
        new("SKU-LS-001", "Aluminium laptop stand", 110),
        new("SKU-SD-001", "1 TB NVMe SSD", 150),
        new("SKU-MC-001", "USB condenser microphone", 45),
        new("SKU-CH-001", "Ergonomic office chair", 12),
    ];

    public static readonly IReadOnlyList<SeedServedCountry> ServedCountries =
    [
        new("DE", "DHL"),
        new("FR", "Colissimo"),
        new("NL", "PostNL"),
        new("BE", "bpost"),
        new("AT", "Austrian Post"),
        new("GB", "Royal Mail"),
        new("US", "UPS"),
        new("CA", "Canada Post"),
        new("ES", "Correos"),
        new("IT", "Poste Italiane"),
    ];

    /// <summary>Well-formed ISO codes of countries we do not ship to.</summary>
    public static readonly IReadOnlyList<string> UnservedCountryCodes = ["BR", "AU", "JP"];
}
