using MassTransit;
using Saga.Persistence.Sagas;

namespace Saga.Persistence.Tests.Transitions;

/// <summary>A test saga with a flow version, as the order saga has, for the transition history's columns.</summary>
public sealed class AuditedState : SagaStateMachineInstance, ISagaVersion, ITimestampedSaga, IVersionedSaga
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = null!;

    public int Version { get; set; }

    public int DefinitionVersion { get; set; } = 1;

    public Guid? ReminderTokenId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
