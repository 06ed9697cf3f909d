using MassTransit;

namespace Saga.SagaOrchestrator.StateMachines;

internal static class CompensationBinderExtensions
{
    /// <summary>Continues with the compensation of the completed steps, latest first; see <see cref="OrderStateMachine"/>.</summary>
    public static EventActivityBinder<OrderState, T> CompensateCompletedSteps<T>(this EventActivityBinder<OrderState, T> binder,
        OrderStateMachine machine)
        where T : class =>
        machine.CompensateNext(binder);
}
