namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// Decides which step to undo next: the latest one first (shipping, then inventory, then payment). A step is undone when
/// it completed (its reference is known) or was in doubt when the order gave up (<see cref="OrderState.InDoubtStep"/>),
/// and its compensation has not been confirmed yet.
/// </summary>
public static class CompensationPlan
{
    static readonly OrderStep[] LatestFirst = [OrderStep.Shipping, OrderStep.Inventory, OrderStep.Payment];

    public static OrderStep? NextStep(OrderState order)
    {
        foreach (var step in LatestFirst)
        {
            var started = OrderReferences.Get(order, step) is not null || order.InDoubtStep == step;
            if (started && !IsUndone(order, step))
                return step;
        }

        return null;
    }

    /// <summary>Whether <paramref name="step"/>'s compensation has been confirmed.</summary>
    public static bool IsUndone(OrderState order, OrderStep step) => step switch
    {
        OrderStep.Shipping => order.ShipmentCancelled,
        OrderStep.Inventory => order.InventoryReleased,
        OrderStep.Payment => order.PaymentRefunded,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };
}
