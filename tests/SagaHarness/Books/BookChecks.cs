using Saga.Contracts;
using Saga.SagaHarness.Broker;
using Saga.SagaHarness.Database;
using Saga.SagaHarness.Orders;
using Saga.SagaHarness.Services;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Books;

/// <summary>
/// Checks the books of a settled system against the orders that were sent and what their data dictates, reading the
/// four databases and the broker directly: one saga per order, in the state its data dictates and never timed out;
/// exactly as many orders of an oversubscribed SKU completed as it had units; nothing charged, reserved or shipped
/// twice; every compensated order refunded and released; balances equal to their ledgers; stock conserved and not
/// oversold; in the error queues only the malformed messages sent on purpose; nothing dead-lettered; and every other
/// queue empty. Each failed check names its offenders.
/// </summary>
public static class BookChecks
{
    static readonly string[] TerminalStates = ["Completed", "Compensated", "CompensationFailed", "Rejected"];

    /// <summary>Where quorum queues send a message past its delivery limit (<c>Saga:Transport:RabbitMq:DeadLetterExchange</c>'s default).</summary>
    public const string DeadLetterQueue = "saga-dead-letter";

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(SagaSystem system, IReadOnlyCollection<PlannedOrder> plans,
        StockSnapshot seeded, IReadOnlySet<Guid> malformedMessageIds, CancellationToken cancellationToken,
        IReadOnlyDictionary<Guid, string>? inMemoryStates = null)
    {
        var ids = plans.Select(x => x.Order.OrderId).ToArray();
        var sagas = (await Sql.QueryAsync(system.OrchestratorDatabase,
                "SELECT correlation_id, current_state, failure_reason, timed_out_step FROM order_sagas WHERE correlation_id = ANY($1)",
                reader => new SagaRow(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3)), cancellationToken, [ids]))
            .ToDictionary(x => x.Id);

        var checks = new List<CheckResult>();
        if (inMemoryStates is null)
        {
            checks.AddRange([OneSagaPerOrder(plans, sagas), AsDictated(plans, sagas), NoneTimedOut(plans, sagas)]);
        }
        else
        {
            // MassTransit's in-memory repository (the benchmark's baseline) keeps no rows: the states the client saw stand in.
            checks.Add(new CheckResult("order_sagas holds none of the run's sagas (in-memory saga repository)", sagas.Count == 0, $"{sagas.Count} rows"));
            sagas = plans.Where(plan => inMemoryStates.ContainsKey(plan.Order.OrderId)).ToDictionary(plan => plan.Order.OrderId,
                plan => new SagaRow(plan.Order.OrderId, inMemoryStates[plan.Order.OrderId], null, null));
        }

        checks.AddRange(Oversubscribed(plans, sagas, seeded));
        checks.AddRange(await PaymentAsync(system, plans, sagas, ids, cancellationToken));
        checks.AddRange(await InventoryAsync(system, plans, sagas, ids, seeded, cancellationToken));
        checks.AddRange(await ShippingAsync(system, plans, sagas, ids, cancellationToken));
        var queues = await system.Broker.QueuesAsync(system.VirtualHost);
        checks.Add(await ErrorQueuesAsync(system, queues, malformedMessageIds, cancellationToken));
        checks.Add(DeadLettered(queues));
        checks.Add(QueuesEmpty(queues));
        if (system.Broker.IsCluster)
            checks.Add(Replicated(queues));
        return checks;
    }

    /// <summary>Whether a state is one a saga stays in until someone acts.</summary>
    public static bool IsTerminal(string state) => TerminalStates.Contains(state, StringComparer.Ordinal);

    static string Name(PlannedOrder plan) => $"order {plan.Order.OrderId} (#{plan.Index}, {plan.Outcome})";

    /// <summary>The saga's state and reason, the reason cut short: a fault's reason carries a whole exception message.</summary>
    static string Describe(SagaRow? saga) =>
        saga is null ? "no saga" : saga.State + (saga.FailureReason is { } reason ? $" '{Shorten(reason)}'" : "") + (saga.TimedOutStep is { } step ? $" timed out at {step}" : "");

    static string Shorten(string text) => text.Length <= 140 ? text : string.Concat(text.AsSpan(0, 139), "…");

    /// <summary>Whether the order's saga completed: what the stock and the shipments must then show.</summary>
    static bool Completed(Dictionary<Guid, SagaRow> sagas, PlannedOrder plan) =>
        sagas.TryGetValue(plan.Order.OrderId, out var saga) && saga.State == "Completed";

    /// <summary>
    /// Whether the order's data dictates that it completes: what its charge, reservation and shipment must show. For an
    /// order of an oversubscribed SKU, whether it got a unit: whether its saga completed.
    /// </summary>
    static bool MustComplete(Dictionary<Guid, SagaRow> sagas, PlannedOrder plan) =>
        plan.Outcome == ExpectedOutcome.Complete || plan.Outcome == ExpectedOutcome.CompleteWhileStockLasts && Completed(sagas, plan);

    /// <summary>The saga's row is keyed by the order id, so one row is one saga; every copy of an order must have found it.</summary>
    static CheckResult OneSagaPerOrder(IReadOnlyCollection<PlannedOrder> plans, Dictionary<Guid, SagaRow> sagas)
    {
        var missing = plans.Where(x => !sagas.ContainsKey(x.Order.OrderId)).Select(Name).ToList();
        return new CheckResult("every order has exactly one saga (its row in order_sagas)", missing.Count == 0,
            $"{plans.Count} orders, {sagas.Count} sagas, {missing.Count} orders without one" + Listing.Of(missing));
    }

    static CheckResult AsDictated(IReadOnlyCollection<PlannedOrder> plans, Dictionary<Guid, SagaRow> sagas)
    {
        var wrong = plans.Where(plan => sagas.TryGetValue(plan.Order.OrderId, out var saga) && !Matches(plan, saga))
            .Select(plan => $"{Name(plan)}: {Describe(sagas[plan.Order.OrderId])}, expected " + (plan.Outcome == ExpectedOutcome.CompleteWhileStockLasts
                ? $"Completed, or Compensated '{plan.ExpectedFailure}…'"
                : plan.ExpectedState + (plan.ExpectedFailure is { } failure ? $" '{failure}…'" : "")))
            .ToList();
        return new CheckResult("every saga ended in the state its data dictates, for the reason it dictates", wrong.Count == 0,
            $"{wrong.Count} of {sagas.Count} sagas otherwise" + Listing.Of(wrong));

        static bool Matches(PlannedOrder plan, SagaRow saga) => plan.Outcome == ExpectedOutcome.CompleteWhileStockLasts
            ? saga.State == "Completed" && saga.FailureReason is null
              || saga.State == "Compensated" && saga.FailureReason?.StartsWith(plan.ExpectedFailure!, StringComparison.Ordinal) == true
            : saga.State == plan.ExpectedState && (plan.ExpectedFailure is null
                ? saga.State != "Completed" || saga.FailureReason is null
                : saga.FailureReason?.StartsWith(plan.ExpectedFailure, StringComparison.Ordinal) == true);
    }

    static CheckResult NoneTimedOut(IReadOnlyCollection<PlannedOrder> plans, Dictionary<Guid, SagaRow> sagas)
    {
        var timedOut = plans.Where(plan => sagas.TryGetValue(plan.Order.OrderId, out var saga)
                                           && (saga.TimedOutStep is not null || saga.FailureReason == "timeout"))
            .Select(plan => $"{Name(plan)}: {Describe(sagas[plan.Order.OrderId])}").ToList();
        return new CheckResult("no step timed out (a restart must not cost an order its step)", timedOut.Count == 0,
            $"{timedOut.Count} sagas with a timed-out step" + Listing.Of(timedOut));
    }

    static IEnumerable<CheckResult> Oversubscribed(IReadOnlyCollection<PlannedOrder> plans, Dictionary<Guid, SagaRow> sagas, StockSnapshot seeded)
    {
        foreach (var group in plans.Where(x => x.Outcome == ExpectedOutcome.CompleteWhileStockLasts)
                     .GroupBy(x => x.Order.Items.Single().Sku, StringComparer.Ordinal))
        {
            var units = seeded.OnHand.GetValueOrDefault(group.Key);
            var expected = Math.Min(units, group.Count());
            var completed = group.Count(plan => Completed(sagas, plan));
            yield return new CheckResult($"exactly min(stock, orders) of the orders for oversubscribed SKU {group.Key} completed",
                completed == expected, $"{group.Count()} orders of one unit for {units} units: {completed} completed, expected {expected}");
        }
    }

    static async Task<List<CheckResult>> PaymentAsync(SagaSystem system, IReadOnlyCollection<PlannedOrder> plans, Dictionary<Guid, SagaRow> sagas,
        Guid[] ids, CancellationToken cancellationToken)
    {
        var ledger = (await Sql.QueryAsync(system.PaymentDatabase,
                "SELECT order_id, count(*) FILTER (WHERE kind = 'Charge'), count(*) FILTER (WHERE kind = 'Refund') FROM ledger_entries " +
                "WHERE order_id = ANY($1) GROUP BY order_id",
                reader => (Id: reader.GetGuid(0), Charges: reader.GetInt64(1), Refunds: reader.GetInt64(2)), cancellationToken, [ids]))
            .ToDictionary(x => x.Id);
        var records = (await Sql.QueryAsync(system.PaymentDatabase, "SELECT order_id, status FROM payment_records WHERE order_id = ANY($1)",
            reader => (Id: reader.GetGuid(0), Status: reader.GetString(1)), cancellationToken, [ids])).ToDictionary(x => x.Id, x => x.Status);
        var unbalanced = await Sql.QueryAsync(system.PaymentDatabase,
            "SELECT a.customer_id, a.used, coalesce(l.net, 0) FROM customer_accounts AS a LEFT JOIN (SELECT customer_id, " +
            "sum(CASE kind WHEN 'Charge' THEN amount ELSE -amount END) AS net FROM ledger_entries GROUP BY customer_id) AS l " +
            "USING (customer_id) WHERE a.used <> coalesce(l.net, 0)",
            reader => $"{reader.GetString(0)}: used {reader.GetDecimal(1)}, ledger {reader.GetDecimal(2)}", cancellationToken);

        var twice = ledger.Values.Where(x => x.Charges > 1 || x.Refunds > 1)
            .Select(x => $"order {x.Id}: {x.Charges} charges, {x.Refunds} refunds").ToList();
        var wrongMoney = new List<string>();
        var wrongRecord = new List<string>();
        foreach (var plan in plans)
        {
            var entries = ledger.GetValueOrDefault(plan.Order.OrderId);
            var record = records.GetValueOrDefault(plan.Order.OrderId);
            var (charges, refunds, status) = MustComplete(sagas, plan) ? (1, 0, "Processed")
                : plan.Charges ? (1, 1, "Refunded")
                : plan.Outcome == ExpectedOutcome.DeclineAtPayment ? (0, 0, "Declined")
                : (0, 0, (string?)null);
            if (entries.Charges != charges || entries.Refunds != refunds)
                wrongMoney.Add($"{Name(plan)}: {entries.Charges} charges and {entries.Refunds} refunds, expected {charges} and {refunds}");
            if (record != status)
                wrongRecord.Add($"{Name(plan)}: payment record {record ?? "none"}, expected {status ?? "none"}");
        }

        return
        [
            new("no order charged or refunded twice", twice.Count == 0, $"{twice.Count} orders with more than one charge or refund" + Listing.Of(twice)),
            new("orders that must complete charged once; orders compensated after their payment charged and refunded once; the rest never charged",
                wrongMoney.Count == 0, $"{wrongMoney.Count} orders otherwise" + Listing.Of(wrongMoney)),
            new("every order's payment record as its outcome dictates (Processed / Refunded / Declined / none)", wrongRecord.Count == 0,
                $"{wrongRecord.Count} orders otherwise" + Listing.Of(wrongRecord)),
            new("every account's used credit = its charges − its refunds", unbalanced.Count == 0,
                $"{unbalanced.Count} accounts off" + Listing.Of(unbalanced)),
        ];
    }

    static async Task<List<CheckResult>> InventoryAsync(SagaSystem system, IReadOnlyCollection<PlannedOrder> plans, Dictionary<Guid, SagaRow> sagas,
        Guid[] ids, StockSnapshot seeded, CancellationToken cancellationToken)
    {
        var reservations = (await Sql.QueryAsync(system.InventoryDatabase,
                "SELECT r.order_id, r.status, coalesce(sum(l.quantity), 0)::bigint FROM reservations AS r " +
                "LEFT JOIN reservation_lines AS l ON l.order_id = r.order_id WHERE r.order_id = ANY($1) GROUP BY r.order_id, r.status",
                reader => (Id: reader.GetGuid(0), Status: reader.GetString(1), Units: reader.GetInt64(2)), cancellationToken, [ids]))
            .ToDictionary(x => x.Id);
        var wrong = new List<string>();
        foreach (var plan in plans)
        {
            var expected = MustComplete(sagas, plan) ? "Reserved"
                : plan.Outcome is ExpectedOutcome.FailAtInventory or ExpectedOutcome.CompleteWhileStockLasts ? "Failed"
                : plan.Outcome == ExpectedOutcome.FailAtShipping ? "Released"
                : null;
            var found = reservations.TryGetValue(plan.Order.OrderId, out var reservation) ? reservation.Status : null;
            var units = expected is "Reserved" or "Released" ? plan.Order.Items.Sum(x => (long)x.Quantity) : 0;
            if (found != expected || reservation.Units != units)
                wrong.Add($"{Name(plan)}: reservation {found ?? "none"} of {reservation.Units} units, expected {expected ?? "none"} of {units}");
        }

        var stock = await Sql.QueryAsync(system.InventoryDatabase,
            """
            SELECT s.sku, s.on_hand, s.reserved,
                   coalesce(sum(l.quantity) FILTER (WHERE r.status = 'Reserved'), 0)::bigint
            FROM stock_items AS s
            LEFT JOIN reservation_lines AS l ON l.sku = s.sku
            LEFT JOIN reservations AS r ON r.order_id = l.order_id
            GROUP BY s.sku, s.on_hand, s.reserved
            """,
            reader => (Sku: reader.GetString(0), OnHand: reader.GetInt32(1), Reserved: reader.GetInt32(2), Held: reader.GetInt64(3)), cancellationToken);
        var completedUnits = CompletedUnitsBySku(plans, sagas);
        var notConserved = stock.Where(x => x.Reserved != completedUnits.GetValueOrDefault(x.Sku))
            .Select(x => $"{x.Sku}: reserved {x.Reserved}, completed orders hold {completedUnits.GetValueOrDefault(x.Sku)}").ToList();
        var counterOff = stock.Where(x => x.Reserved != x.Held)
            .Select(x => $"{x.Sku}: reserved {x.Reserved}, its Reserved reservations' lines {x.Held}").ToList();
        var oversold = stock.Where(x => x.Reserved > x.OnHand || x.OnHand != seeded.OnHand.GetValueOrDefault(x.Sku))
            .Select(x => $"{x.Sku}: on hand {x.OnHand} (seeded {seeded.OnHand.GetValueOrDefault(x.Sku)}), reserved {x.Reserved}").ToList();
        return
        [
            new("every order's reservation as its outcome dictates (Reserved / Released / Failed / none), its lines once", wrong.Count == 0,
                $"{wrong.Count} orders otherwise" + Listing.Of(wrong)),
            new("stock conserved: per SKU, reserved = the units of the completed orders", notConserved.Count == 0,
                $"{notConserved.Count} of {stock.Count} SKUs off" + Listing.Of(notConserved)),
            new("per SKU, the row's reserved counter = the lines of its Reserved reservations", counterOff.Count == 0,
                $"{counterOff.Count} of {stock.Count} SKUs off" + Listing.Of(counterOff)),
            new("nothing oversold: per SKU, reserved ≤ on hand, and on hand as seeded", oversold.Count == 0,
                $"{oversold.Count} of {stock.Count} SKUs off" + Listing.Of(oversold)),
        ];
    }

    static async Task<List<CheckResult>> ShippingAsync(SagaSystem system, IReadOnlyCollection<PlannedOrder> plans, Dictionary<Guid, SagaRow> sagas,
        Guid[] ids, CancellationToken cancellationToken)
    {
        var shipments = (await Sql.QueryAsync(system.ShippingDatabase,
                "SELECT s.order_id, s.status, coalesce(sum(l.quantity), 0)::bigint FROM shipments AS s " +
                "LEFT JOIN shipment_lines AS l ON l.order_id = s.order_id WHERE s.order_id = ANY($1) GROUP BY s.order_id, s.status",
                reader => (Id: reader.GetGuid(0), Status: reader.GetString(1), Units: reader.GetInt64(2)), cancellationToken, [ids]))
            .ToDictionary(x => x.Id);
        var wrong = new List<string>();
        foreach (var plan in plans)
        {
            var completed = MustComplete(sagas, plan);
            var found = shipments.TryGetValue(plan.Order.OrderId, out var shipment) ? shipment.Status : null;
            var units = plan.Order.Items.Sum(x => (long)x.Quantity);
            if (completed ? found != "Scheduled" || shipment.Units != units : found == "Scheduled")
                wrong.Add($"{Name(plan)}: saga {Describe(sagas.GetValueOrDefault(plan.Order.OrderId))}, shipment {found ?? "none"} of {shipment.Units} units");
        }

        var shipped = (await Sql.QueryAsync(system.ShippingDatabase,
            "SELECT l.sku, sum(l.quantity)::bigint FROM shipment_lines AS l JOIN shipments AS s ON s.order_id = l.order_id " +
            "WHERE s.status = 'Scheduled' GROUP BY l.sku",
            reader => (Sku: reader.GetString(0), Units: reader.GetInt64(1)), cancellationToken)).ToDictionary(x => x.Sku, x => x.Units);
        var completedUnits = CompletedUnitsBySku(plans, sagas);
        var off = completedUnits.Keys.Union(shipped.Keys)
            .Where(sku => completedUnits.GetValueOrDefault(sku) != shipped.GetValueOrDefault(sku))
            .Select(sku => $"{sku}: shipped {shipped.GetValueOrDefault(sku)}, completed orders {completedUnits.GetValueOrDefault(sku)}").ToList();
        return
        [
            new("every order that must complete shipped exactly once with all its units, no other order shipped", wrong.Count == 0,
                $"{wrong.Count} orders otherwise" + Listing.Of(wrong)),
            new("per SKU, units in active shipments = the units of the completed orders", off.Count == 0, $"{off.Count} SKUs off" + Listing.Of(off)),
        ];
    }

    static async Task<CheckResult> ErrorQueuesAsync(SagaSystem system, IReadOnlyList<QueueState> queues, IReadOnlySet<Guid> malformed,
        CancellationToken cancellationToken)
    {
        // Read the messages, not the counts: a quorum queue's count lags (up to seconds, and more right after its node
        // restarted), so a count of 0 can hide messages that are there.
        const int PeekLimit = 200;
        var management = system.Broker.Management;
        var ordersErrorQueue = $"{QueueNames.Orders}_error";
        var found = new List<string>();
        foreach (var queue in queues.Select(x => x.Name).Where(name =>
                     name.EndsWith("_error", StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal)))
        {
            var seen = await management.PeekAsync(system.VirtualHost, queue, PeekLimit, cancellationToken);
            if (queue != ordersErrorQueue)
            {
                if (seen.Count > 0)
                    found.Add($"{queue}: {seen.Count} messages (" + string.Join(" | ", seen.Take(3).Select(x => Shorten(x.Fault ?? "no fault recorded"))) + ")");
                continue;
            }

            found.AddRange(seen.Where(x => x.MessageId is not { } id || !malformed.Contains(id))
                .Select(x => $"{queue}: message {x.MessageId?.ToString() ?? "without an id"} ({Shorten(x.Fault ?? "no fault recorded")})"));
            found.AddRange(malformed.Except(seen.Select(x => x.MessageId).OfType<Guid>()).Select(id => $"{queue}: malformed message {id} missing"));
        }

        if (!queues.Any(x => x.Name == ordersErrorQueue))
            found.AddRange(malformed.Select(id => $"{ordersErrorQueue}: malformed message {id} missing (no such queue)"));

        return new CheckResult($"the error queues hold exactly the {malformed.Count} malformed messages sent on purpose, nothing else", found.Count == 0,
            found.Count == 0 ? "as sent" : $"{found.Count} differences" + Listing.Of(found));
    }

    /// <summary>A message dead-lettered (a quorum queue's delivery limit reached, or rejected) was never handled: none may be.</summary>
    static CheckResult DeadLettered(IReadOnlyList<QueueState> queues)
    {
        var queue = queues.FirstOrDefault(x => x.Name == DeadLetterQueue);
        return new CheckResult($"the dead-letter queue {DeadLetterQueue} is empty", queue is null or { Messages: 0 },
            queue is null ? "no such queue in this virtual host" : $"{queue.Messages} messages ({queue.Type} queue)");
    }

    /// <summary>
    /// Every queue but the error and skipped queues (checked above) and the dead-letter queue is empty once the system
    /// settled: a message still waiting anywhere is one nobody handled. Named with its type, so a quorum queue stands out.
    /// </summary>
    static CheckResult QueuesEmpty(IReadOnlyList<QueueState> queues)
    {
        var checkedElsewhere = queues.Where(x => x.Name == DeadLetterQueue || x.Name.EndsWith("_error", StringComparison.Ordinal) ||
                                                 x.Name.EndsWith("_skipped", StringComparison.Ordinal)).ToList();
        var rest = queues.Except(checkedElsewhere).ToList();
        var waiting = rest.Where(x => x.Messages > 0).Select(x => $"{x.Name} ({x.Type}): {x.Messages}").ToList();
        var types = string.Join(", ", rest.GroupBy(x => x.Type, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}"));
        return new CheckResult("every other queue is empty at the end", waiting.Count == 0,
            $"{rest.Count} queues ({types}), {waiting.Count} holding messages" + Listing.Of(waiting));
    }

    /// <summary>On a cluster, the services' queues must be quorum queues: a classic queue lives on one node and dies with it.</summary>
    static CheckResult Replicated(IReadOnlyList<QueueState> queues)
    {
        string[] services = [QueueNames.Orders, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping, DeadLetterQueue];
        var wrong = services.Select(name => (Name: name, Queue: queues.FirstOrDefault(x => x.Name == name)))
            .Where(x => x.Queue?.Type != "quorum").Select(x => $"{x.Name}: {x.Queue?.Type ?? "missing"}").ToList();
        return new CheckResult("on the cluster, the services' queues and the dead-letter queue are quorum queues", wrong.Count == 0,
            wrong.Count == 0 ? string.Join(", ", services) : $"{wrong.Count} otherwise" + Listing.Of(wrong));
    }

    static Dictionary<string, long> CompletedUnitsBySku(IReadOnlyCollection<PlannedOrder> plans, Dictionary<Guid, SagaRow> sagas) =>
        plans.Where(plan => Completed(sagas, plan)).SelectMany(plan => plan.Order.Items)
            .GroupBy(x => x.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(x => (long)x.Quantity), StringComparer.Ordinal);

    sealed record SagaRow(Guid Id, string State, string? FailureReason, string? TimedOutStep);
}
