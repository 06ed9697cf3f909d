namespace Saga.Cli.Sagas;

/// <summary>One row of the <c>saga_history</c> view: a state change of one order.</summary>
public sealed record SagaTransition(long TransitionId, DateTime OccurredAt, string? FromState, string ToState, string? Event, Guid? MessageId);
