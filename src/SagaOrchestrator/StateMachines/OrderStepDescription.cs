namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// Everything the order saga knows about one forward step: which participant runs it and with which command, how it is
/// undone, how long it may take, where its outcome is kept on <see cref="OrderState"/>, and the names it goes by. The
/// state machine, the compensation plan, the deadlines and the telemetry all read it from here; see <see cref="OrderSteps"/>.
/// </summary>
public sealed class OrderStepDescription
{
    public required OrderStep Step { get; init; }

    /// <summary>The step as metrics and traces name it (<c>saga.step</c>).</summary>
    public required string TelemetryName { get; init; }

    /// <summary>The participant's queue, which its commands and compensations go to (see <see cref="ParticipantAddresses"/>).</summary>
    public required string Queue { get; init; }

    /// <summary>The name of the state in which the saga waits for the step's reply.</summary>
    public required string AwaitingState { get; init; }

    /// <summary>How the failure reason starts when the participant declines the step, e.g. "payment declined".</summary>
    public required string DeclinedAs { get; init; }

    /// <summary>How the failure reason starts when the step's command faults, e.g. "payment failed".</summary>
    public required string FaultedAs { get; init; }

    /// <summary>The step's command, sent when the step starts.</summary>
    public required Func<OrderState, object> Command { get; init; }

    /// <summary>
    /// The command that undoes the step; it carries no reference when the step was in doubt. Null for a step that only
    /// decides (the fraud check): there is nothing to undo, done or in doubt, and compensation passes it by.
    /// </summary>
    public Func<OrderState, object>? Compensation { get; init; }

    /// <summary>The reminder that the step's deadline passed.</summary>
    public required Func<Guid, DateTime?, object> TimedOut { get; init; }

    /// <summary>The step's deadline among the configured ones.</summary>
    public required Func<OrderStepDeadlines, TimeSpan> Deadline { get; init; }

    /// <summary>The reference the participant returned for the step (payment, reservation, shipment id).</summary>
    public required OrderStateProperty<Guid?> Reference { get; init; }

    /// <summary>Whether the step's compensation has been confirmed; null with no <see cref="Compensation"/>.</summary>
    public OrderStateProperty<bool>? Compensated { get; init; }

    /// <summary>Whether the step has a compensation, i.e. something to undo.</summary>
    public bool Undoable => Compensation is not null;

    /// <summary>Whether the step's compensation has been confirmed; never for a step without one.</summary>
    public bool IsCompensated(OrderState order) => Compensated?.Get(order) ?? false;

    /// <summary>The scheduling token of the step's pending deadline.</summary>
    public required OrderStateProperty<Guid?> DeadlineToken { get; init; }

    /// <summary>A repeated reply must carry the reference already recorded; anything else is an inconsistency an operator has to see.</summary>
    public void EnsureSameReference(OrderState order, Guid reference)
    {
        var recorded = Reference.Get(order);
        if (recorded != reference)
        {
            throw new InvalidOperationException(
                $"Order {order.CorrelationId} in state {order.CurrentState}: {Step} replied with reference {reference}, " +
                $"but {recorded?.ToString() ?? "none"} is recorded");
        }
    }

    public override string ToString() => Step.ToString();
}
