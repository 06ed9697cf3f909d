using Saga.Persistence.Sagas;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>The orchestrator's own settings, bound from <c>Orchestrator</c>.</summary>
public sealed class OrderSagaOptions
{
    public const string Section = "Orchestrator";

    /// <summary>Where sagas are kept: our EF Core repository (default) or, as a benchmark baseline only, in memory.</summary>
    public SagaRepositoryKind SagaRepository { get; set; } = SagaRepositoryKind.EntityFrameworkCore;

    /// <summary>How concurrent messages for one saga are kept apart: a version token (default) or row locks.</summary>
    public SagaConcurrencyMode ConcurrencyMode { get; set; } = SagaConcurrencyMode.Optimistic;

    /// <summary>
    /// The flow version new orders start on (1 to <see cref="OrderFlows.Latest"/>; the latest by default). Orders already
    /// started keep theirs; every known version's orders are finished. During a rolling deploy, keep the version the older
    /// instances run until all of them run this build.
    /// </summary>
    public int DefinitionVersion { get; set; } = OrderFlows.Latest.Version;

    /// <summary>Each step's deadline; a step that has not answered by then is given up and the order compensated.</summary>
    public OrderStepTimeoutOptions StepTimeouts { get; set; } = new();
}
