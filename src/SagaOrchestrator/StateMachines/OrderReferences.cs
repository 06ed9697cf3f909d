namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>Reads and writes the reference a participant returned for a step (payment, reservation, shipment id).</summary>
internal static class OrderReferences
{
    public static Guid? Get(OrderState order, OrderStep step) => step switch
    {
        OrderStep.Payment => order.PaymentId,
        OrderStep.Inventory => order.ReservationId,
        OrderStep.Shipping => order.ShipmentId,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    public static void Set(OrderState order, OrderStep step, Guid reference)
    {
        switch (step)
        {
            case OrderStep.Payment:
                order.PaymentId = reference;
                break;
            case OrderStep.Inventory:
                order.ReservationId = reference;
                break;
            case OrderStep.Shipping:
                order.ShipmentId = reference;
                break;
        }
    }

    /// <summary>A repeated reply must carry the reference already recorded; anything else is an inconsistency an operator has to see.</summary>
    public static void EnsureSame(OrderState order, OrderStep step, Guid reference)
    {
        var recorded = Get(order, step);
        if (recorded != reference)
        {
            throw new InvalidOperationException(
                $"Order {order.CorrelationId} in state {order.CurrentState}: {step} replied with reference {reference}, " +
                $"but {recorded?.ToString() ?? "none"} is recorded");
        }
    }
}
