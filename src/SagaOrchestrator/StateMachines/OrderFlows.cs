namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// Every version of the order flow this build runs. A new version is added, never changed: orders already started under
/// a version keep its steps, so a build must know every version that unfinished orders may still be on.
/// </summary>
public static class OrderFlows
{
    /// <summary>The original flow: payment → inventory → shipping.</summary>
    public static OrderFlow V1 { get; } = new(1, [OrderSteps.Payment, OrderSteps.Inventory, OrderSteps.Shipping]);

    /// <summary>A fraud check after the payment: payment → fraud check → inventory → shipping.</summary>
    public static OrderFlow V2 { get; } = new(2, [OrderSteps.Payment, OrderSteps.FraudCheck, OrderSteps.Inventory, OrderSteps.Shipping]);

    public static IReadOnlyList<OrderFlow> All { get; } = [V1, V2];

    /// <summary>The newest flow, which new orders start on unless <c>Orchestrator:DefinitionVersion</c> says otherwise.</summary>
    public static OrderFlow Latest => All[^1];

    /// <summary>The states of a finished order, whatever its flow: nothing more happens to it.</summary>
    public static IReadOnlyList<string> FinishedStates { get; } =
        [nameof(OrderStateMachine.Completed), nameof(OrderStateMachine.Compensated), nameof(OrderStateMachine.Rejected)];

    /// <summary>The flow of <paramref name="version"/>, or null when this build does not know it.</summary>
    public static OrderFlow? Find(int version) => All.FirstOrDefault(flow => flow.Version == version);

    public static OrderFlow Of(int version) =>
        Find(version) ?? throw new ArgumentOutOfRangeException(nameof(version), version,
            $"no order flow version {version}; this build knows 1 to {Latest.Version}");
}
