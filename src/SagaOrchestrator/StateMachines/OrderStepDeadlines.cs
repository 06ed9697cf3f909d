namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>How long the saga waits for each step's reply before it gives the step up and compensates what was done.</summary>
public sealed record OrderStepDeadlines(TimeSpan Payment, TimeSpan Inventory, TimeSpan Shipping)
{
    /// <summary>
    /// Well above what a participant takes including its own retries (seconds), so that only a participant that is down
    /// or stuck runs into them. Shipping gets more because giving it up undoes the most (the reservation and the payment).
    /// </summary>
    public static OrderStepDeadlines Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

    /// <summary>The fraud check's deadline (flow version 2 on), like the other steps'.</summary>
    public TimeSpan FraudCheck { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a compensation may take before it is sent again (compensations are idempotent).</summary>
    public TimeSpan Compensation { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a compensation is sent in all before the order ends in CompensationFailed for an operator.</summary>
    public int CompensationAttempts { get; init; } = 4;

    /// <summary>
    /// A reminder handled more than this after it was due was held up on the orchestrator's side (a restart, its database
    /// or the broker down); it gives the step this much more instead of giving it up.
    /// </summary>
    public TimeSpan LateReminderGrace { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan For(OrderStep step) => OrderSteps.Of(step).Deadline(this);
}
