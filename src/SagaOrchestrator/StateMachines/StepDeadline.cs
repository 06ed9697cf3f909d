using MassTransit;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>The deadline schedule of one step, with the reminder its description makes (<see cref="OrderStepDescription.TimedOut"/>).</summary>
internal sealed class StepDeadline<TReminder> : IStepDeadline
    where TReminder : class
{
    readonly Schedule<OrderState, TReminder> _schedule;
    readonly Func<Guid, DateTime?, object> _reminder;

    public StepDeadline(Schedule<OrderState, TReminder> schedule, Func<Guid, DateTime?, object> reminder)
    {
        _schedule = schedule;
        _reminder = reminder;
    }

    public EventActivityBinder<OrderState, T> Start<T>(EventActivityBinder<OrderState, T> binder, Func<DateTime> dueAt)
        where T : class =>
        binder.Schedule(_schedule, context => (TReminder)_reminder(context.Saga.CorrelationId, dueAt()), _ => dueAt());

    public EventActivityBinder<OrderState, T> Cancel<T>(EventActivityBinder<OrderState, T> binder)
        where T : class =>
        binder.Unschedule(_schedule);
}
