using MassTransit;

namespace Saga.SagaOrchestrator.StateMachines;

internal static class DeadlineBinderExtensions
{
    /// <summary>Starts the deadline of <paramref name="step"/>; see <see cref="OrderStateMachine"/>.</summary>
    public static EventActivityBinder<OrderState, T> StartDeadline<T>(this EventActivityBinder<OrderState, T> binder, OrderStep step,
        OrderStateMachine machine)
        where T : class =>
        machine.StartDeadline(binder, step);

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
