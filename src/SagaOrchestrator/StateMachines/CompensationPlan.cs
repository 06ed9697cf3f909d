namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// Decides which step to undo next: the latest one first (<see cref="OrderSteps.LatestFirst"/>). A step is undone when
/// it completed (its reference is known) or was in doubt when the order gave up (<see cref="OrderState.InDoubtStep"/>),
/// and its compensation has not been confirmed yet. A step without a compensation (the fraud check) is passed by.
/// </summary>
public static class CompensationPlan
{
    public static OrderStep? NextStep(OrderState order)
    {
        foreach (var step in OrderSteps.LatestFirst)
        {
            if (!step.Undoable)
                continue;

            var started = step.Reference.Get(order) is not null || order.InDoubtStep == step.Step;
            if (started && !step.IsCompensated(order))
                return step.Step;
        }

        return null;
    }

    /// <summary>Whether <paramref name="step"/>'s compensation has been confirmed.</summary>
    public static bool IsUndone(OrderState order, OrderStep step) => OrderSteps.Of(step).IsCompensated(order);
}
