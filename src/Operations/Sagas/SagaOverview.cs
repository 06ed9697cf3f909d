namespace Saga.Operations.Sagas;

/// <summary>One row of the <c>saga_overview</c> view: an order saga as an operator reads it.</summary>
public sealed record SagaOverview(
    Guid OrderId,
    string State,
    string? CurrentStep,
    int DefinitionVersion,
    string? CustomerId,
    string? CustomerReference,
    decimal? Amount,
    string? Currency,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? CompletedAt,
    DateTime? CompensatedAt,
    double AgeSeconds,
    double IdleSeconds,
    string? FailureReason,
    string? CompensationError,
    string? TimedOutStep,
    Guid? PaymentId,
    Guid? FraudCheckId,
    Guid? ReservationId,
    Guid? ShipmentId)
{
    /// <summary>How the order failed (<see cref="SagaFailureKinds.Kinds"/>); null while it has not.</summary>
    public string? FailureKind { get; init; }
}
