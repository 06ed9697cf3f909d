namespace Saga.Operations.Sagas;

/// <summary>
/// The ways an order fails, as <c>saga_overview.failure_kind</c> records them (<c>OrderFailureKind</c>), and the two
/// wider filters an operator asks for: any failure at all, and a compensation that failed (<c>compensation_error</c> set).
/// </summary>
public static class SagaFailureKinds
{
    public const string Any = "Any";

    public const string CompensationError = "CompensationError";

    public static readonly IReadOnlyList<string> Kinds = ["Rejected", "Declined", "Faulted", "TimedOut", "Cancelled"];

    /// <summary>Every value a failure filter takes.</summary>
    public static readonly IReadOnlyList<string> Filters = [Any, .. Kinds, CompensationError];
}
