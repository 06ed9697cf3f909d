using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Sagas;

namespace Saga.Persistence.Transitions;

/// <summary>
/// Adds a <see cref="SagaTransition"/> row for every state change to the saga's own <see cref="DbContext"/>, so that the history
/// commits (or rolls back) together with the state. Instances kept by other repositories carry no DbContext and are not recorded.
/// Each row names the consumed message (its id, and its type as the URN MassTransit gives it) and, for an
/// <see cref="IVersionedSaga"/>, the flow version the saga follows.
/// </summary>
public sealed class SagaTransitionRecorder<TInstance> : IStateObserver<TInstance>
    where TInstance : class, SagaStateMachineInstance
{
    static readonly string SagaType = typeof(TInstance).Name;

    // By event: the URN of its message type, null for an event without one. Events are fixed once the machine is built.
    static readonly ConcurrentDictionary<Event, string?> MessageTypes = new();

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
            MessageType = MessageTypes.GetOrAdd(context.Event, MessageTypeOf),
            DefinitionVersion = (context.Saga as IVersionedSaga)?.DefinitionVersion,
            OccurredAt = _timeProvider.GetUtcNow().UtcDateTime,
        });

        return Task.CompletedTask;
    }

    /// <summary>
    /// The URN of the message an <c>Event&lt;T&gt;</c> is raised by: the type the saga consumed it as (a v2 submission is
    /// <c>SubmitOrderV2</c>, a fault <c>Fault[[…]]</c>), whatever other types its envelope listed. Cut to the column's width.
    /// </summary>
    static string? MessageTypeOf(Event @event)
    {
        var messageType = @event.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Event<>))?.GetGenericArguments()[0];
        if (messageType is null)
            return null;
        var urn = MessageUrn.ForTypeString(messageType);
        return urn.Length <= SagaTransition.MaxMessageTypeLength ? urn : urn[..SagaTransition.MaxMessageTypeLength];
    }
}
