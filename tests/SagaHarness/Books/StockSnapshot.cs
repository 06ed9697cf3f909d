using Saga.SagaHarness.Database;
using Saga.SagaHarness.Services;

namespace Saga.SagaHarness.Books;

/// <summary>Every SKU's units on hand as seeded, read before any order: what the books are checked against afterwards.</summary>
public sealed record StockSnapshot(IReadOnlyDictionary<string, int> OnHand)
{
    public static async Task<StockSnapshot> ReadAsync(SagaSystem system, CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(system.InventoryDatabase, "SELECT sku, on_hand FROM stock_items",
            reader => (Sku: reader.GetString(0), OnHand: reader.GetInt32(1)), cancellationToken);
        return new StockSnapshot(rows.ToDictionary(x => x.Sku, x => x.OnHand, StringComparer.Ordinal));
    }
}
