namespace Saga.Persistence.Transitions;

/// <summary>One state change of a saga, written in the same transaction as the state it led to.</summary>
public sealed class SagaTransition
{
    /// <summary>The width of <see cref="MessageType"/>; a longer URN is cut by the recorder.</summary>
    public const int MaxMessageTypeLength = 256;

    public long Id { get; set; }

    public Guid CorrelationId { get; set; }

    public required string SagaType { get; set; }

    public string? FromState { get; set; }

    public required string ToState { get; set; }

    public required string Event { get; set; }

    public Guid? MessageId { get; set; }

    /// <summary>The message type that caused the transition, as its URN (e.g. <c>urn:message:Saga.Contracts:SubmitOrder</c>).</summary>
    public string? MessageType { get; set; }

    /// <summary>The saga's flow version (<see cref="Sagas.IVersionedSaga"/>) when it changed; null for sagas without one.</summary>
    public int? DefinitionVersion { get; set; }

    public DateTime OccurredAt { get; set; }
}
