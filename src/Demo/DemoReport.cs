using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Demo;

/// <summary>The table printed at the end of the demo, read back from the saga table, and the SQL to read it yourself.</summary>
public static class DemoReport
{
    public sealed record Row(Guid OrderId, string Scenario, string State, string? Customer, decimal Amount, string? Currency, string? Reason,
        int Transitions);

    public static async Task<IReadOnlyList<Row>> Load(IServiceProvider services, IReadOnlyList<DemoOrder> orders)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>();
        var ids = orders.Select(o => o.Order.OrderId).ToList();
        var sagas = await db.Orders.AsNoTracking().Where(o => ids.Contains(o.CorrelationId)).ToDictionaryAsync(o => o.CorrelationId);
        var transitions = await db.Transitions.AsNoTracking().Where(t => ids.Contains(t.CorrelationId))
            .GroupBy(t => t.CorrelationId).Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Id, x => x.Count);

        return orders.Select(o =>
        {
            sagas.TryGetValue(o.Order.OrderId, out var saga);
            return new Row(o.Order.OrderId, o.Scenario, saga?.CurrentState ?? "(none)", saga?.CustomerId, saga?.Amount ?? 0, saga?.Currency,
                saga?.CompensationError ?? saga?.FailureReason, transitions.GetValueOrDefault(o.Order.OrderId));
        }).ToList();
    }

    public static void Print(IReadOnlyList<Row> rows, TimeSpan elapsed, DemoOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"{"order",-8}  {"scenario",-34}  {"state",-18}  {"customer",-9}  {"amount",12}  steps  reason");
        Console.WriteLine(new string('-', 120));
        foreach (var row in rows.OrderBy(r => r.State, StringComparer.Ordinal).ThenBy(r => r.Scenario, StringComparer.Ordinal))
        {
            var amount = row.Amount == 0 ? "" : $"{row.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {row.Currency}";
            Console.WriteLine($"{row.OrderId.ToString()[..8],-8}  {Clip(row.Scenario, 34),-34}  {row.State,-18}  {Clip(row.Customer, 9),-9}  " +
                              $"{amount,12}  {row.Transitions,5}  {row.Reason}");
        }

        Console.WriteLine(new string('-', 120));
        Console.WriteLine(string.Join("   ", rows.GroupBy(r => r.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}")) +
                          $"   ({rows.Count} orders in {elapsed.TotalSeconds:0.0} s)");

        var db = Path.GetRelativePath(Environment.CurrentDirectory, options.OrchestratorDatabase);
        Console.WriteLine($"""

            Inspect the sagas in SQL through the operator views (sqlite3 comes with `apt-get install sqlite3`):
              sqlite3 -header -column {db} "SELECT order_id, state, current_step, customer_id, amount, currency, failure_reason, updated_at FROM saga_overview ORDER BY created_at;"
              sqlite3 -header -column {db} "SELECT state, COUNT(*) AS orders FROM saga_overview GROUP BY state;"
              sqlite3 -header -column {db} "SELECT occurred_at, from_state, to_state, event FROM saga_history WHERE order_id = '<order id, upper case>' ORDER BY transition_id;"
            or with the saga tool:
              dotnet run --project src/Cli -- status <order id> --provider Sqlite --connection-string "Data Source={db}"
            Each participant keeps its own data next to it: payment.db (customer_accounts, ledger_entries, payment_records, fraud_checks), inventory.db (stock_items, reservations, reservation_lines), shipping.db (served_countries, shipments, shipment_lines).
            """);
    }

    static string Clip(string? value, int length) => value is null ? "" : value.Length <= length ? value : value[..(length - 1)] + "…";
}
