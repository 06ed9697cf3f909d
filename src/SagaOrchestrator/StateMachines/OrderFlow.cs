namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// One version of the order flow: its steps in the order they run. An order follows the flow it started under
/// (<see cref="OrderState.DefinitionVersion"/>) to its end, whatever flow newer orders start on; see <see cref="OrderFlows"/>.
/// </summary>
public sealed class OrderFlow
{
    internal OrderFlow(int version, IReadOnlyList<OrderStepDescription> steps)
    {
        Version = version;
        Steps = steps;
        InFlightStates = new HashSet<string>(
            [.. steps.Select(step => step.AwaitingState), nameof(OrderStateMachine.Compensating), nameof(OrderStateMachine.CompensationFailed)],
            StringComparer.Ordinal);
    }

    /// <summary>The version stored in <c>order_sagas.definition_version</c>.</summary>
    public int Version { get; }

    public IReadOnlyList<OrderStepDescription> Steps { get; }

    /// <summary>The states in which an unfinished order of this flow can be stored.</summary>
    public IReadOnlySet<string> InFlightStates { get; }

    public OrderStepDescription First => Steps[0];

    /// <summary>The step that runs after <paramref name="step"/> in this flow; null after the last.</summary>
    public OrderStepDescription? After(OrderStepDescription step)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i] == step)
                return i + 1 < Steps.Count ? Steps[i + 1] : null;
        }

        throw new InvalidOperationException($"Flow version {Version} has no {step} step");
    }

    public override string ToString() => $"v{Version} ({string.Join(" → ", Steps)})";
}
