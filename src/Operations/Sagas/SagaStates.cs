namespace Saga.Operations.Sagas;

/// <summary>The saga's state names the CLI reasons about (they are <c>OrderStateMachine</c>'s).</summary>
public static class SagaStates
{
    public const string Completed = "Completed";

    /// <summary>States an order never leaves by itself: <c>submit --wait</c> stops at them.</summary>
    public static readonly IReadOnlyList<string> Final = [Completed, "Compensated", "Rejected", "CompensationFailed"];
}
