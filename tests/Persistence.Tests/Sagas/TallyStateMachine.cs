using MassTransit;

namespace Saga.Persistence.Tests.Sagas;

public sealed class TallyStateMachine : MassTransitStateMachine<TallyState>
{
    public TallyStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Opened, x => x.CorrelateById(context => context.Message.TallyId));
        Event(() => Added, x => x.CorrelateById(context => context.Message.TallyId));
        Event(() => AddedByName, x => x.CorrelateBy((tally, context) => tally.Name == context.Message.Name));

        Initially(When(Opened).Then(context => context.Saga.Name = context.Message.Name).TransitionTo(Open));

        During(Open,
            When(Added).Then(context => Add(context.Saga, context.Message.Amount)),
            When(AddedByName).Then(context => Add(context.Saga, context.Message.Amount)));
    }

    public State Open { get; private set; } = null!;

    public Event<OpenTally> Opened { get; private set; } = null!;

    public Event<AddToTally> Added { get; private set; } = null!;

    public Event<AddToTallyByName> AddedByName { get; private set; } = null!;

    static void Add(TallyState tally, int amount)
    {
        tally.Total += amount;
        tally.Count++;
    }
}
