namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>Decides which completed step to undo next: the latest one first (shipping, then inventory, then payment).</summary>
public static class CompensationPlan
{
    public static OrderStep? NextStep(OrderState order)
    {
        if (order.ShipmentId is not null && !order.ShipmentCancelled)
            return OrderStep.Shipping;
        if (order.ReservationId is not null && !order.InventoryReleased)
            return OrderStep.Inventory;
        if (order.PaymentId is not null && !order.PaymentRefunded)
            return OrderStep.Payment;
        return null;
    }
}
