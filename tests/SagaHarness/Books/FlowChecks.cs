using Saga.SagaHarness.Database;
using Saga.SagaHarness.Orders;
using Saga.SagaHarness.Services;

namespace Saga.SagaHarness.Books;

/// <summary>
/// Checks which flow (definition) version each order started on, and that it went the way of that flow, against the
/// orchestrator processes that ran (<see cref="OrchestratorLifetime"/>): an order's version is one that an orchestrator
/// running when its saga row was created starts new orders on, and one that an orchestrator running at or after the
/// order's first publish starts (so an order published once only the new release runs is on the new flow); an order on
/// flow 1 never had a fraud check, an order on a later flow that got past payment had exactly one (one row in the payment
/// participant's <c>fraud_checks</c>, one transition into <c>AwaitingFraudCheck</c>), one that did not, none. Also
/// decides the plans whose outcome depends on their flow (<see cref="PlannedOrder.OnFlow"/>), for <see cref="BookChecks"/>.
/// </summary>
public static class FlowChecks
{
    /// <summary>The flow an orchestrator without <c>Orchestrator:DefinitionVersion</c> starts new orders on (<c>OrderFlows.Latest</c>).</summary>
    public const int LatestFlow = 2;

    /// <summary>The state in which an order waits for its fraud check.</summary>
    public const string FraudCheckState = "AwaitingFraudCheck";

    public static async Task<FlowResult> RunAsync(SagaSystem system, IReadOnlyList<PlannedOrder> plans, IReadOnlyDictionary<Guid, DateTime> firstPublished,
        CancellationToken cancellationToken)
    {
        var ids = plans.Select(x => x.Order.OrderId).ToArray();
        var sagas = (await Sql.QueryAsync(system.OrchestratorDatabase,
                "SELECT correlation_id, definition_version, created_at, current_state FROM order_sagas WHERE correlation_id = ANY($1)",
                reader => (Id: reader.GetGuid(0), Version: reader.GetInt32(1), Created: reader.GetDateTime(2), State: reader.GetString(3)),
                cancellationToken, [ids]))
            .ToDictionary(x => x.Id);
        var fraudStates = await CountsAsync(system.OrchestratorDatabase,
            "SELECT correlation_id, count(*) FROM saga_transitions WHERE to_state = $2 AND correlation_id = ANY($1) GROUP BY correlation_id",
            ids, cancellationToken, FraudCheckState);
        var fraudRows = await CountsAsync(system.PaymentDatabase,
            "SELECT order_id, count(*) FROM fraud_checks WHERE order_id = ANY($1) GROUP BY order_id", ids, cancellationToken);

        var lifetimes = system.OrchestratorLifetimes;
        var resolved = plans.Select(plan => sagas.TryGetValue(plan.Order.OrderId, out var saga) ? plan.OnFlow(saga.Version) : plan).ToList();
        var notRunning = new List<string>();
        var notAfterPublish = new List<string>();
        var wrongPath = new List<string>();
        var pinned = 0;
        foreach (var plan in resolved)
        {
            if (!sagas.TryGetValue(plan.Order.OrderId, out var saga))
                continue;
            var name = $"order {plan.Order.OrderId} (#{plan.Index}, {plan.Outcome}) on flow {saga.Version}";

            var running = Versions(lifetimes.Where(x => x.RanBetween(saga.Created, saga.Created)));
            if (!running.Contains(saga.Version))
                notRunning.Add($"{name}: accepted at {saga.Created:HH:mm:ss.fff} while the orchestrators running start flow(s) {Show(running)}");

            if (firstPublished.TryGetValue(plan.Order.OrderId, out var published))
            {
                var later = Versions(lifetimes.Where(x => x.Stopped is null || x.Stopped >= published));
                if (!later.Contains(saga.Version))
                    notAfterPublish.Add($"{name}: first published at {published:HH:mm:ss.fff}, after which only flow(s) {Show(later)} were started");
                if (later.Count == 1)
                    pinned++;
            }

            var rows = fraudRows.GetValueOrDefault(plan.Order.OrderId);
            var entered = fraudStates.GetValueOrDefault(plan.Order.OrderId);
            var expected = saga.Version >= PlannedOrder.FirstFlowWithFraudCheck && plan.Charges ? 1 : 0;
            if (rows != expected || entered != expected)
                wrongPath.Add($"{name}, {saga.State}: {rows} fraud check rows and {entered} transitions into {FraudCheckState}, expected {expected}");
        }

        var tally = sagas.Values.GroupBy(x => x.Version).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.GroupBy(x => x.State, StringComparer.Ordinal)
                .ToDictionary(s => s.Key, s => s.Count(), StringComparer.Ordinal));
        var blocked = plans.Zip(resolved).Where(x => x.First.Outcome == ExpectedOutcome.BlockedByFraudCheck).Select(x => x.Second).ToList();
        var blockedOnFlow = $"of the blocked customer's {blocked.Count} orders {blocked.Count(x => x.Outcome == ExpectedOutcome.Complete)} on a flow " +
                            $"without the fraud check, {blocked.Count(x => x.Outcome == ExpectedOutcome.FailAtFraudCheck)} on one with it";
        CheckResult[] checks =
        [
            new("every order started on a flow that an orchestrator running when it was accepted starts new orders on", notRunning.Count == 0,
                $"{sagas.Count} sagas ({string.Join(", ", tally.Select(x => $"{x.Value.Values.Sum()} on flow {x.Key}"))}), {notRunning.Count} otherwise" +
                Listing.Of(notRunning)),
            new("every order started on a flow that an orchestrator running at or after its first publish starts (published after the old release stopped: the new flow)",
                notAfterPublish.Count == 0,
                $"{pinned} orders published when only one flow could still take them, {notAfterPublish.Count} otherwise" + Listing.Of(notAfterPublish)),
            new("each order's path is its flow's: no fraud check on flow 1; on later flows exactly one once paid, none otherwise", wrongPath.Count == 0,
                $"{blockedOnFlow}; {wrongPath.Count} orders otherwise" + Listing.Of(wrongPath)),
        ];
        return new FlowResult(resolved, checks, tally);
    }

    static HashSet<int> Versions(IEnumerable<OrchestratorLifetime> lifetimes) => lifetimes.Select(x => x.DefinitionVersion ?? LatestFlow).ToHashSet();

    static string Show(HashSet<int> versions) => versions.Count == 0 ? "none" : string.Join(" and ", versions.Order());

    static async Task<Dictionary<Guid, long>> CountsAsync(string database, string sql, Guid[] ids, CancellationToken cancellationToken,
        params object[] more) =>
        (await Sql.QueryAsync(database, sql, reader => (Id: reader.GetGuid(0), Count: reader.GetInt64(1)), cancellationToken, [ids, .. more]))
        .ToDictionary(x => x.Id, x => x.Count);
}
