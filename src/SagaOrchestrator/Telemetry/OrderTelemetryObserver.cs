using System.Diagnostics;
using MassTransit;
using Saga.Contracts;
using Saga.Persistence.Outbox;
using Saga.Persistence.Telemetry;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Telemetry;

/// <summary>
/// Turns the order saga's state changes into a span each (tagged <c>saga.order_id</c>, from and to state, event, the
/// compensation step) and into the order metrics, without touching the state machine. Metrics are facts of committed
/// state: behind the transactional outbox they are recorded once the transaction committed, so a retried or rolled-back
/// attempt counts nothing.
/// </summary>
public sealed class OrderTelemetryObserver : IStateObserver<OrderState>
{
    readonly TimeProvider _timeProvider;

    public OrderTelemetryObserver(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public Task StateChanged(BehaviorContext<OrderState> context, State currentState, State previousState)
    {
        var initial = context.StateMachine.Initial.Name;
        if (currentState.Name == initial)
            return Task.CompletedTask;

        var from = previousState?.Name ?? initial;
        var to = currentState.Name;
        TraceTransition(context, from, to);

        var facts = Facts(context, from, to);
        if (facts.Count == 0)
            return Task.CompletedTask;

        if (context.TryGetPayload(out AfterCommit? afterCommit))
            afterCommit.Add(() => facts.ForEach(record => record()));
        else
            facts.ForEach(record => record());
        return Task.CompletedTask;
    }

    static void TraceTransition(BehaviorContext<OrderState> context, string from, string to)
    {
        var order = context.Saga;
        using var activity = SagaDiagnostics.ActivitySource.StartActivity($"order {to}", ActivityKind.Internal);
        if (activity is not { IsAllDataRequested: true })
            return;

        activity.SetTag(OrderTelemetry.OrderIdTag, order.CorrelationId.ToString("D"));
        activity.SetTag("saga.state.from", from);
        activity.SetTag("saga.state.to", to);
        activity.SetTag("saga.event", context.Event.Name);
        if (order.CompensatingStep is { } compensating)
            activity.SetTag("saga.compensation.step", StepName(compensating));
        if (order.TimedOutStep is { } timedOut)
            activity.SetTag("saga.timed_out_step", StepName(timedOut));
        if (to is nameof(OrderStateMachine.Compensated) or nameof(OrderStateMachine.Rejected) or nameof(OrderStateMachine.CompensationFailed))
            activity.SetTag("saga.reason", order.CompensationError ?? order.FailureReason);
    }

    List<Action> Facts(BehaviorContext<OrderState> context, string from, string to)
    {
        var order = context.Saga;
        var facts = new List<Action>();

        if (OrderSteps.AwaitedIn(from) is { } step && order.UpdatedAt != default)
        {
            // The saga row was last written when the step's command was sent (the state is entered then and left now).
            var seconds = Math.Max((_timeProvider.GetUtcNow().UtcDateTime - order.UpdatedAt).TotalSeconds, 0);
            var outcome = StepOutcome(order, to);
            facts.Add(() => OrderMetrics.StepDuration.Record(seconds, new(OrderMetrics.StepTag, step.TelemetryName), new(OrderMetrics.OutcomeTag, outcome)));
        }

        switch (to)
        {
            case var started when from == context.StateMachine.Initial.Name && started == OrderSteps.All[0].AwaitingState:
                facts.Add(() => OrderMetrics.Started.Add(1));
                break;
            case nameof(OrderStateMachine.Completed):
                facts.Add(() => OrderMetrics.Completed.Add(1));
                break;
            case nameof(OrderStateMachine.Rejected):
                facts.Add(() => OrderMetrics.Rejected.Add(1));
                break;
            // Compensated is final and a transition is observed only when the state changes: entered once per order.
            case nameof(OrderStateMachine.Compensated):
                var reason = ReasonOf(order);
                facts.Add(() => OrderMetrics.Compensated.Add(1, new KeyValuePair<string, object?>(OrderMetrics.ReasonTag, reason)));
                break;
            case nameof(OrderStateMachine.CompensationFailed):
                var failedStep = order.CompensatingStep is { } compensating ? StepName(compensating) : "unknown";
                facts.Add(() => OrderMetrics.CompensationFailed.Add(1, new KeyValuePair<string, object?>(OrderMetrics.StepTag, failedStep)));
                break;
        }

        return facts;
    }

    /// <summary>A step left for the next step's state or Completed succeeded; otherwise the order's failure says how it ended.</summary>
    static string StepOutcome(OrderState order, string to) =>
        to == nameof(OrderStateMachine.Completed) || OrderSteps.AwaitedIn(to) is not null
            ? "succeeded"
            : order.FailureKind switch
            {
                OrderFailureKind.TimedOut => "timed_out",
                OrderFailureKind.Cancelled => "cancelled",
                _ => "failed",
            };

    static string ReasonOf(OrderState order) => order.FailureKind switch
    {
        OrderFailureKind.TimedOut => "timeout",
        OrderFailureKind.Cancelled => "cancelled",
        _ => "failed",
    };

    static string StepName(OrderStep step) => OrderSteps.Of(step).TelemetryName;
}
