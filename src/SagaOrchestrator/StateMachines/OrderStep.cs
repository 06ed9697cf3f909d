namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// Names a forward step of an order, as stored (<c>compensating_step</c>, <c>timed_out_step</c>, <c>in_doubt_step</c>);
/// each is described in <see cref="OrderSteps"/>, which also says the order they run in.
/// </summary>
public enum OrderStep
{
    Payment,
    Inventory,
    Shipping,
}
