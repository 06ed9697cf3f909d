namespace Saga.OperatorConsole.Orders;

/// <summary>
/// When the order page offers an action: the orchestrator accepts a cancellation while an order waits for a step
/// (<c>Awaiting…</c>) and a compensation retry only in <c>CompensationFailed</c>. It refuses anything else, and says why;
/// the page only spares the operator a request that cannot succeed.
/// </summary>
public static class OrderActionRules
{
    public static bool CanCancel(string state) => state.StartsWith("Awaiting", StringComparison.Ordinal);

    public static bool CanRetryCompensation(string state) => state == "CompensationFailed";
}
