using MassTransit;

namespace Saga.SagaOrchestrator.StateMachines;

internal static class DeadlineBinderExtensions
{
    /// <summary>Starts <paramref name="step"/>: its deadline, then its command; see <see cref="OrderStateMachine"/>.</summary>
    public static EventActivityBinder<OrderState, T> StartStep<T>(this EventActivityBinder<OrderState, T> binder, OrderStepDescription step,
        OrderStateMachine machine)
        where T : class =>
        machine.StartStep(binder, step);

    /// <summary>Starts the pending compensation's deadline; see <see cref="OrderStateMachine"/>.</summary>
    public static EventActivityBinder<OrderState, T> ArmCompensationDeadline<T>(this EventActivityBinder<OrderState, T> binder,
        OrderStateMachine machine, TimeSpan delay)
        where T : class =>
        machine.ArmCompensationDeadline(binder, delay);

    /// <summary>Cancels whichever step deadline is pending; see <see cref="OrderStateMachine"/>.</summary>
    public static EventActivityBinder<OrderState, T> ClearDeadlines<T>(this EventActivityBinder<OrderState, T> binder, OrderStateMachine machine)
        where T : class =>
        machine.ClearDeadlines(binder);
}
