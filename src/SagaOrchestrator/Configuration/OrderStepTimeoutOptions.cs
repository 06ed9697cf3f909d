using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>How long the order saga waits for each participant's reply, bound from <c>Orchestrator:StepTimeouts</c> (e.g. <c>00:00:30</c>).</summary>
public sealed class OrderStepTimeoutOptions
{
    public TimeSpan Payment { get; set; } = OrderStepDeadlines.Default.Payment;

    /// <summary>The fraud check (flow version 2 on).</summary>
    public TimeSpan FraudCheck { get; set; } = OrderStepDeadlines.Default.FraudCheck;

    public TimeSpan Inventory { get; set; } = OrderStepDeadlines.Default.Inventory;

    public TimeSpan Shipping { get; set; } = OrderStepDeadlines.Default.Shipping;

    /// <summary>How long a compensation (refund, release, cancel) may take before it is sent again.</summary>
    public TimeSpan Compensation { get; set; } = OrderStepDeadlines.Default.Compensation;

    /// <summary>How often a compensation is sent in all before the order ends in CompensationFailed.</summary>
    public int CompensationAttempts { get; set; } = OrderStepDeadlines.Default.CompensationAttempts;

    /// <summary>How much more time a step gets when its reminder came this much later than it was due (an outage on our side).</summary>
    public TimeSpan LateReminderGrace { get; set; } = OrderStepDeadlines.Default.LateReminderGrace;

    public OrderStepDeadlines ToDeadlines() =>
        new(Payment, Inventory, Shipping)
        {
            FraudCheck = FraudCheck,
            Compensation = Compensation,
            CompensationAttempts = CompensationAttempts,
            LateReminderGrace = LateReminderGrace,
        };
}
