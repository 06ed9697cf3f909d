using MassTransit;

namespace Saga.Persistence.Tests.Transitions;

/// <summary>Every kind of event a transition can come from: a message in two shapes, a scheduled reminder, a long-named type.</summary>
public sealed class AuditedStateMachine : MassTransitStateMachine<AuditedState>
{
    public AuditedStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Started, x => x.CorrelateById(context => context.Message.Id));
        Event(() => StartedV2, x => x.CorrelateById(context => context.Message.Id));
        Event(() => Advanced, x => x.CorrelateById(context => context.Message.Id));
        Event(() => AdvancedLongNamed, x => x.CorrelateById(context => context.Message.Id));
        Schedule(() => Reminder, x => x.ReminderTokenId, s =>
        {
            s.Delay = TimeSpan.FromMilliseconds(50);
            s.Received = r => r.CorrelateById(context => context.Message.Id);
        });

        Initially(
            When(Started).IfElse(context => context.Message.Remind,
                remind => remind.Schedule(Reminder, context => new AuditReminder(context.Saga.CorrelationId)).TransitionTo(Waiting),
                wait => wait.TransitionTo(Waiting)),
            When(StartedV2).Then(context => context.Saga.DefinitionVersion = 2).TransitionTo(Waiting));

        During(Waiting,
            When(Advanced).TransitionTo(Done),
            When(AdvancedLongNamed).TransitionTo(Done),
            When(Reminder!.Received).TransitionTo(Reminded));
    }

    public State Waiting { get; private set; } = null!;

    public State Done { get; private set; } = null!;

    public State Reminded { get; private set; } = null!;

    public Event<StartAudit> Started { get; private set; } = null!;

    public Event<StartAuditV2> StartedV2 { get; private set; } = null!;

    public Event<AdvanceAudit> Advanced { get; private set; } = null!;

    public Event<Wrapped<Wrapped<Wrapped<Wrapped<Wrapped<AdvanceAudit>>>>>> AdvancedLongNamed { get; private set; } = null!;

    public Schedule<AuditedState, AuditReminder> Reminder { get; private set; } = null!;
}
