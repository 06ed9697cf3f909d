namespace Saga.Persistence.Transitions;

/// <summary>One state change of a saga, written in the same transaction as the state it led to.</summary>
public sealed class SagaTransition
{
    public long Id { get; set; }

    public Guid CorrelationId { get; set; }

    public required string SagaType { get; set; }

    public string? FromState { get; set; }

    public required string ToState { get; set; }

    public required string Event { get; set; }

    public Guid? MessageId { get; set; }

    public DateTime OccurredAt { get; set; }
}
