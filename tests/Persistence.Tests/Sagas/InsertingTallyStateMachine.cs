using MassTransit;

namespace Saga.Persistence.Tests.Sagas;

/// <summary>
/// A tally that is inserted as soon as its opening event arrives (MassTransit's insert-on-initial), before the event is
/// applied; opening it again finds it stored and is ignored.
/// </summary>
public sealed class InsertingTallyStateMachine : MassTransitStateMachine<TallyState>
{
    public InsertingTallyStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Opened, x =>
        {
            x.CorrelateById(context => context.Message.TallyId);
            x.InsertOnInitial = true;
            // Stored before the state machine runs, so it starts out in the initial state's name.
            x.SetSagaFactory(context => new TallyState { CorrelationId = context.Message.TallyId, CurrentState = "Initial", Name = context.Message.Name });
        });
        Event(() => Added, x => x.CorrelateById(context => context.Message.TallyId));

        Initially(When(Opened).TransitionTo(Open));

        During(Open,
            Ignore(Opened),
            When(Added).Then(context =>
            {
                context.Saga.Total += context.Message.Amount;
                context.Saga.Count++;
            }));
    }

    public State Open { get; private set; } = null!;

    public Event<OpenTally> Opened { get; private set; } = null!;

    public Event<AddToTally> Added { get; private set; } = null!;
}
