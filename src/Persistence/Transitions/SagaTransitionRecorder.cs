using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Transitions;

/// <summary>
/// Adds a <see cref="SagaTransition"/> row for every state change to the saga's own <see cref="DbContext"/>, so that the history
/// commits (or rolls back) together with the state. Instances kept by other repositories carry no DbContext and are not recorded.
/// </summary>
public sealed class SagaTransitionRecorder<TInstance> : IStateObserver<TInstance>
    where TInstance : class, SagaStateMachineInstance
{
    static readonly string SagaType = typeof(TInstance).Name;
    readonly TimeProvider _timeProvider;

    public SagaTransitionRecorder(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public Task StateChanged(BehaviorContext<TInstance> context, State currentState, State previousState)
    {
        // Every new instance passes through Initial first; that is not a transition anyone acted on.
        if (currentState.Name == context.StateMachine.Initial.Name || !context.TryGetPayload(out DbContext? dbContext))
            return Task.CompletedTask;

        dbContext.Set<SagaTransition>().Add(new SagaTransition
        {
            CorrelationId = context.Saga.CorrelationId,
            SagaType = SagaType,
            FromState = previousState?.Name ?? context.StateMachine.Initial.Name,
            ToState = currentState.Name,
            Event = context.Event.Name,
            MessageId = context.MessageId,
            OccurredAt = _timeProvider.GetUtcNow().UtcDateTime,
        });

        return Task.CompletedTask;
    }
}
