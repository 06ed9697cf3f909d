using Saga.Contracts;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// Checks, after a phase drained and its services stopped, that what was measured is what should have happened: every
/// saga (warm-up included) ended as planned per the driver, and the books agree (<see cref="BookChecks"/>: the saga
/// rows, charges and refunds, stock, shipments, empty error queues).
/// </summary>
public static class Verification
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(SagaSystem system, SagaTracker tracker, StockSnapshot seeded,
        CancellationToken cancellationToken)
    {
        var sagas = tracker.All.ToList();
        var checks = new List<CheckResult> { DriverOutcomes(sagas, tracker) };
        var inMemoryStates = system.Durable
            ? null
            : sagas.Where(x => x.HasEnded).ToDictionary(x => x.Plan.Order.OrderId, x => StateOf(x.TerminalEvent!));
        checks.AddRange(await BookChecks.RunAsync(system, sagas.Select(x => x.Plan).ToList(), seeded, new HashSet<Guid>(),
            cancellationToken, inMemoryStates));
        return checks;
    }

    static string StateOf(string terminalEvent) => terminalEvent switch
    {
        nameof(OrderCompleted) => "Completed",
        nameof(OrderCompensated) => "Compensated",
        nameof(OrderRejected) => "Rejected",
        _ => "CompensationFailed",
    };

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
}
