namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>The forward steps of an order, in the order they run; compensation walks them backwards.</summary>
public enum OrderStep
{
    Payment,
    Inventory,
    Shipping,
}
