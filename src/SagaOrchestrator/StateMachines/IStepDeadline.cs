using MassTransit;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>A step's deadline schedule, whatever the type of its reminder, so that the saga starts and cancels any step's alike.</summary>
internal interface IStepDeadline
{
    EventActivityBinder<OrderState, T> Start<T>(EventActivityBinder<OrderState, T> binder, Func<DateTime> dueAt)
        where T : class;

    EventActivityBinder<OrderState, T> Cancel<T>(EventActivityBinder<OrderState, T> binder)
        where T : class;
}
