namespace Saga.Persistence.Sagas;

/// <summary>How the repository of <typeparamref name="TSaga"/> guards concurrent changes to one saga.</summary>
public sealed class EntityFrameworkSagaRepositoryOptions<TSaga>
{
    public SagaConcurrencyMode ConcurrencyMode { get; set; } = SagaConcurrencyMode.Optimistic;
}
