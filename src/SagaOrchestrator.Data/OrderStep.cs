namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// Names a forward step of an order, as stored (<c>compensating_step</c>, <c>timed_out_step</c>, <c>in_doubt_step</c>);
/// each is described in <c>OrderSteps</c> (in the orchestrator), which also says the order they run in.
/// </summary>
public enum OrderStep
{
    Payment,
    Inventory,
    Shipping,

    /// <summary>Between payment and inventory from flow version 2 on; it only decides, so there is nothing to undo.</summary>
    FraudCheck,
}
