using Saga.Contracts;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// Checks, after a phase drained and its services stopped, that what was measured is what should have happened: every
/// saga (warm-up included) ended as planned, per the driver and per the orchestrator's table; no order was charged twice
/// and every compensated one was refunded; stock is conserved; one shipment per completed order and none left for a
/// compensated one; nothing in an error or skipped queue.
/// </summary>
public static class Verification
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(SagaSystem system, SagaTracker tracker, RabbitMqManagement broker,
        CancellationToken cancellationToken)
    {
        var sagas = tracker.All.ToList();
        var ids = sagas.Select(x => x.Plan.Order.OrderId).ToArray();
        var plans = sagas.ToDictionary(x => x.Plan.Order.OrderId, x => x.Plan);
        var checks = new List<CheckResult>
        {
            DriverOutcomes(sagas, tracker),
            await OrchestratorStatesAsync(system, plans, ids, cancellationToken),
        };
        checks.AddRange(await PaymentAsync(system, plans, ids, cancellationToken));
        var (inventoryChecks, shippedBySku) = await InventoryAsync(system, plans, ids, cancellationToken);
        checks.AddRange(inventoryChecks);
        checks.AddRange(await ShippingAsync(system, plans, ids, shippedBySku, cancellationToken));
        checks.Add(await QueuesAsync(system, broker, cancellationToken));
        return checks;
    }

    static CheckResult DriverOutcomes(List<RunningSaga> sagas, SagaTracker tracker)
    {
        var open = sagas.Count(x => !x.HasEnded);
        var wrong = sagas.Where(x => x.HasEnded && x.TerminalEvent != ExpectedEvent(x.Plan)).ToList();
        var detail = $"{sagas.Count} started, {sagas.Count - open} ended, {open} without a terminal event, {wrong.Count} with the wrong one" +
                     (wrong.Count > 0 ? $" (e.g. order {wrong[0].Plan.Order.OrderId}: {wrong[0].TerminalEvent}, expected {ExpectedEvent(wrong[0].Plan)})" : "") +
                     $"; {tracker.Duplicates} duplicate and {tracker.Unknown} unknown terminal events";
        return new CheckResult("every saga ended as planned (driver)", open == 0 && wrong.Count == 0 && tracker.Unknown == 0, detail);
    }

    static string ExpectedEvent(PlannedOrder plan) =>
        plan.Outcome == ExpectedOutcome.Complete ? nameof(OrderCompleted) : nameof(OrderCompensated);

    static async Task<CheckResult> OrchestratorStatesAsync(SagaSystem system, Dictionary<Guid, PlannedOrder> plans, Guid[] ids,
        CancellationToken cancellationToken)
    {
        var rows = await Sql.QueryAsync(system.OrchestratorDatabase,
            "SELECT correlation_id, current_state FROM order_sagas WHERE correlation_id = ANY($1)",
            reader => (Id: reader.GetGuid(0), State: reader.GetString(1)), cancellationToken, [ids]);
        if (!system.Durable && rows.Count == 0)
            return new CheckResult("saga table (baseline: in-memory, so empty)", true, "order_sagas holds none of the run's sagas");

        var wrong = rows.Where(x => x.State != plans[x.Id].ExpectedState).ToList();
        var missing = ids.Length - rows.Count;
        var name = system.Durable ? "every saga's row in order_sagas in its planned state" : "saga table (baseline ran durable!)";
        return new CheckResult(name, wrong.Count == 0 && missing == 0,
            $"{rows.Count} rows, {missing} missing, {wrong.Count} in another state" +
            (wrong.Count > 0 ? $" (e.g. {wrong[0].Id}: {wrong[0].State}, expected {plans[wrong[0].Id].ExpectedState})" : ""));
    }

    static async Task<List<CheckResult>> PaymentAsync(SagaSystem system, Dictionary<Guid, PlannedOrder> plans, Guid[] ids,
        CancellationToken cancellationToken)
    {
        var ledger = await Sql.QueryAsync(system.PaymentDatabase,
            "SELECT order_id, count(*) FILTER (WHERE kind = 'Charge'), count(*) FILTER (WHERE kind = 'Refund') FROM ledger_entries " +
            "WHERE order_id = ANY($1) GROUP BY order_id",
            reader => (Id: reader.GetGuid(0), Charges: reader.GetInt64(1), Refunds: reader.GetInt64(2)), cancellationToken, [ids]);
        var records = (await Sql.QueryAsync(system.PaymentDatabase, "SELECT order_id, status FROM payment_records WHERE order_id = ANY($1)",
            reader => (Id: reader.GetGuid(0), Status: reader.GetString(1)), cancellationToken, [ids])).ToDictionary(x => x.Id, x => x.Status);
        var unbalanced = await Sql.ScalarAsync<long>(system.PaymentDatabase,
            "SELECT count(*) FROM customer_accounts AS a LEFT JOIN (SELECT customer_id, " +
            "sum(CASE kind WHEN 'Charge' THEN amount ELSE -amount END) AS net FROM ledger_entries GROUP BY customer_id) AS l " +
            "USING (customer_id) WHERE a.used <> coalesce(l.net, 0)", cancellationToken);

        var chargedTwice = ledger.Count(x => x.Charges > 1 || x.Refunds > 1);
        var byOrder = ledger.ToDictionary(x => x.Id);
        var wrongRecord = plans.Values.Count(plan =>
            records.GetValueOrDefault(plan.Order.OrderId) != (plan.Outcome == ExpectedOutcome.Complete ? "Processed" : "Refunded"));
        var notRefunded = plans.Values.Count(plan => plan.Outcome != ExpectedOutcome.Complete
                                                     && byOrder.GetValueOrDefault(plan.Order.OrderId) is not { Charges: 1, Refunds: 1 });
        var notCharged = plans.Values.Count(plan => plan.Outcome == ExpectedOutcome.Complete
                                                    && byOrder.GetValueOrDefault(plan.Order.OrderId) is not { Charges: 1, Refunds: 0 });
        return
        [
            new("no order charged (or refunded) twice", chargedTwice == 0, $"{chargedTwice} orders with more than one charge or refund"),
            new("completed orders charged once, compensated ones refunded", wrongRecord == 0 && notRefunded == 0 && notCharged == 0,
                $"{wrongRecord} payment records in the wrong status, {notCharged} completed orders not charged exactly once, " +
                $"{notRefunded} compensated orders not charged and refunded once"),
            new("every account's used credit = its charges − refunds", unbalanced == 0, $"{unbalanced} accounts off"),
        ];
    }

    static async Task<(List<CheckResult> Checks, Dictionary<string, long> ShippedBySku)> InventoryAsync(SagaSystem system,
        Dictionary<Guid, PlannedOrder> plans, Guid[] ids, CancellationToken cancellationToken)
    {
        var reservations = (await Sql.QueryAsync(system.InventoryDatabase, "SELECT order_id, status FROM reservations WHERE order_id = ANY($1)",
            reader => (Id: reader.GetGuid(0), Status: reader.GetString(1)), cancellationToken, [ids])).ToDictionary(x => x.Id, x => x.Status);
        var wrong = plans.Values.Count(plan => reservations.GetValueOrDefault(plan.Order.OrderId) != plan.Outcome switch
        {
            ExpectedOutcome.Complete => "Reserved",
            ExpectedOutcome.FailAtInventory => "Failed",
            _ => "Released",
        });

        // Per SKU: everything ever reserved, what was released, what is held now, and the row's own counters.
        var stock = await Sql.QueryAsync(system.InventoryDatabase,
            """
            SELECT s.sku, s.on_hand, s.reserved,
                   coalesce(sum(l.quantity), 0)::bigint,
                   coalesce(sum(l.quantity) FILTER (WHERE r.status = 'Released'), 0)::bigint,
                   coalesce(sum(l.quantity) FILTER (WHERE r.status = 'Reserved'), 0)::bigint
            FROM stock_items AS s
            LEFT JOIN reservation_lines AS l ON l.sku = s.sku
            LEFT JOIN reservations AS r ON r.order_id = l.order_id
            GROUP BY s.sku, s.on_hand, s.reserved
            """,
            reader => (Sku: reader.GetString(0), OnHand: reader.GetInt32(1), Reserved: reader.GetInt32(2), Ever: reader.GetInt64(3),
                Released: reader.GetInt64(4), Held: reader.GetInt64(5)), cancellationToken);
        var counterOff = stock.Count(x => x.Reserved != x.Held || x.Ever - x.Released != x.Held);
        var onHandOff = stock.Count(x => x.OnHand != Workload.StockPerSku);
        var reservedNet = stock.ToDictionary(x => x.Sku, x => x.Ever - x.Released);
        return (
        [
            new("each order's reservation as planned (reserved / failed / released)", wrong == 0, $"{wrong} orders whose reservation is not as planned"),
            new("stock rows: reserved = Σ reserved lines − Σ released lines", counterOff == 0, $"{counterOff} of {stock.Count} SKUs off"),
            new("stock on hand = initial stock (nothing ships out of stock here)", onHandOff == 0,
                $"{onHandOff} SKUs differ from the {Workload.StockPerSku} seeded"),
        ], reservedNet);
    }

    static async Task<List<CheckResult>> ShippingAsync(SagaSystem system, Dictionary<Guid, PlannedOrder> plans, Guid[] ids,
        Dictionary<string, long> reservedNetBySku, CancellationToken cancellationToken)
    {
        var shipments = (await Sql.QueryAsync(system.ShippingDatabase, "SELECT order_id, status FROM shipments WHERE order_id = ANY($1)",
            reader => (Id: reader.GetGuid(0), Status: reader.GetString(1)), cancellationToken, [ids])).ToDictionary(x => x.Id, x => x.Status);
        var completedWithout = plans.Values.Count(p => p.Outcome == ExpectedOutcome.Complete && shipments.GetValueOrDefault(p.Order.OrderId) != "Scheduled");
        var compensatedActive = plans.Values.Count(p => p.Outcome != ExpectedOutcome.Complete && shipments.GetValueOrDefault(p.Order.OrderId) == "Scheduled");

        var shipped = (await Sql.QueryAsync(system.ShippingDatabase,
            "SELECT l.sku, sum(l.quantity)::bigint FROM shipment_lines AS l JOIN shipments AS s ON s.order_id = l.order_id " +
            "WHERE s.status = 'Scheduled' GROUP BY l.sku",
            reader => (Sku: reader.GetString(0), Quantity: reader.GetInt64(1)), cancellationToken)).ToDictionary(x => x.Sku, x => x.Quantity);
        var skus = reservedNetBySku.Keys.Union(shipped.Keys);
        var off = skus.Count(sku => reservedNetBySku.GetValueOrDefault(sku) != shipped.GetValueOrDefault(sku));
        return
        [
            new("one active shipment per completed order, none for compensated ones", completedWithout == 0 && compensatedActive == 0,
                $"{completedWithout} completed orders without a scheduled shipment, {compensatedActive} compensated orders with one"),
            new("per SKU: reserved − released = shipped", off == 0, $"{off} SKUs where inventory and shipping disagree"),
        ];
    }

    static async Task<CheckResult> QueuesAsync(SagaSystem system, RabbitMqManagement broker, CancellationToken cancellationToken)
    {
        var depths = await broker.QueueDepthsAsync(system.VirtualHost, cancellationToken);
        var bad = depths.Where(x => (x.Key.EndsWith("_error", StringComparison.Ordinal) || x.Key.EndsWith("_skipped", StringComparison.Ordinal)) && x.Value > 0)
            .Select(x => $"{x.Key} {x.Value}").ToList();
        return new CheckResult("no message in an _error or _skipped queue", bad.Count == 0, bad.Count == 0 ? "all empty" : string.Join(", ", bad));
    }
}
