namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// Why an order is not completing, as a kind to count and filter by; <see cref="OrderState.FailureReason"/> says it in words.
/// Stored as its name (<c>failure_kind</c>).
/// </summary>
public enum OrderFailureKind
{
    /// <summary>The order failed validation; no participant was called.</summary>
    Rejected,

    /// <summary>A participant refused its step (payment declined, stock not reserved, shipment not scheduled).</summary>
    Declined,

    /// <summary>A participant's command faulted after its retries; the step is in doubt.</summary>
    Faulted,

    /// <summary>A step did not answer by its deadline; the step is in doubt.</summary>
    TimedOut,

    /// <summary>The client cancelled the order while a step was in flight.</summary>
    Cancelled,
}
