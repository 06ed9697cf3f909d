using Saga.SagaHarness.Orders;

namespace Saga.SagaHarness.Books;

/// <summary>
/// What <see cref="FlowChecks"/> found: the plans with each order's flow-dependent outcome decided, the checks, and the
/// sagas counted per flow version and state.
/// </summary>
public sealed record FlowResult(IReadOnlyList<PlannedOrder> Plans, IReadOnlyList<CheckResult> Checks,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, int>> ByFlow);
