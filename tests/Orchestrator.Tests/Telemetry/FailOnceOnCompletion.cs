using MassTransit;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>
/// Fails the first transaction that completes an order, after the telemetry observer saw the transition, with a fault the
/// saga's retry policy retries: the completion then commits on the second attempt, and must be counted once.
/// </summary>
public sealed class FailOnceOnCompletion : IStateObserver<OrderState>
{
    int _failed;

    public Task StateChanged(BehaviorContext<OrderState> context, State currentState, State previousState) =>
        currentState.Name == nameof(OrderStateMachine.Completed) && Interlocked.Exchange(ref _failed, 1) == 0
            ? throw new TimeoutException("the first completion fails, as a dropped connection would")
            : Task.CompletedTask;

    public int Failures => _failed;
}
