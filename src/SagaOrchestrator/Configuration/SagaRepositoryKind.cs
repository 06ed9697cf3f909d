namespace Saga.SagaOrchestrator.Configuration;

/// <summary>Where the orchestrator keeps its sagas, bound from <c>Orchestrator:SagaRepository</c>.</summary>
public enum SagaRepositoryKind
{
    /// <summary>Our EF Core repository in the orchestrator's database, with transition history and durable step deadlines.</summary>
    EntityFrameworkCore,

    /// <summary>
    /// MassTransit's in-memory repository, without transition history or step deadlines: a restart loses every saga.
    /// A baseline for benchmarks only; not for production.
    /// </summary>
    InMemory,
}
