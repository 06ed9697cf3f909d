using Saga.SagaHarness.Database;
using Saga.SagaHarness.Services;

namespace Saga.SagaHarness.Orders;

/// <summary>
/// Puts what <see cref="Workload"/> needs into the participants' migrated databases, set-based: every customer with
/// credit for the whole run, every SKU with stock for it, the served countries. The unknown SKU and the unserved
/// country are simply absent.
/// </summary>
public static class WorkloadSeeder
{
    public static async Task SeedAsync(SagaSystem system, CancellationToken cancellationToken)
    {
        // The SQL below builds the names the workload's orders use.
        if (Workload.CustomerId(0) != "BENCH-C00000" || Workload.Sku(0) != "BENCH-SKU-0000")
            throw new InvalidOperationException("the seeded names and the workload's names differ");

        await Sql.ExecuteAsync(system.PaymentDatabase,
            "INSERT INTO customer_accounts (customer_id, currency, credit_limit, used) " +
            "SELECT 'BENCH-C' || lpad(g::text, 5, '0'), $1, $2, 0 FROM generate_series(0, $3 - 1) AS g",
            cancellationToken, Workload.Currency, Workload.CreditLimit, Workload.Customers);
        await Sql.ExecuteAsync(system.InventoryDatabase,
            "INSERT INTO stock_items (sku, name, on_hand, reserved) " +
            "SELECT 'BENCH-SKU-' || lpad(g::text, 4, '0'), 'Benchmark item ' || g, $1, 0 FROM generate_series(0, $2 - 1) AS g",
            cancellationToken, Workload.StockPerSku, Workload.Skus);
        foreach (var (code, carrier) in Workload.ServedCountries)
            await Sql.ExecuteAsync(system.ShippingDatabase, "INSERT INTO served_countries (code, carrier) VALUES ($1, $2)", cancellationToken, code, carrier);
    }

    /// <summary>Adds an account for <paramref name="customerId"/> with the workload's credit, none used.</summary>
    public static Task SeedCustomerAsync(SagaSystem system, string customerId, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(system.PaymentDatabase, "INSERT INTO customer_accounts (customer_id, currency, credit_limit, used) VALUES ($1, $2, $3, 0)",
            cancellationToken, customerId, Workload.Currency, Workload.CreditLimit);

    /// <summary>Adds one SKU with <paramref name="onHand"/> units in stock, none reserved.</summary>
    public static Task SeedStockAsync(SagaSystem system, string sku, int onHand, CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(system.InventoryDatabase, "INSERT INTO stock_items (sku, name, on_hand, reserved) VALUES ($1, $1, $2, 0)",
            cancellationToken, sku, onHand);
}
