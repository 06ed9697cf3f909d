using MassTransit;
using Saga.Persistence.Sagas;

namespace Saga.Persistence.Tests.Sagas;

/// <summary>A test saga whose every event changes its state, so that lost updates would show in its totals.</summary>
public sealed class TallyState : SagaStateMachineInstance, ISagaVersion, ITimestampedSaga
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = null!;

    public int Version { get; set; }

    public string Name { get; set; } = null!;

    public int Total { get; set; }

    public int Count { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
