using MassTransit;
using MassTransit.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Persistence.Sagas;

namespace Saga.Persistence.Configuration;

internal sealed class EntityFrameworkSagaRepositoryConfigurator<TSaga> : IEntityFrameworkSagaRepositoryConfigurator
    where TSaga : class, ISaga
{
    Action<ISagaRepositoryRegistrationConfigurator<TSaga>>? _register;

    public SagaConcurrencyMode ConcurrencyMode { private get; set; } = SagaConcurrencyMode.Optimistic;

    public void ExistingDbContext<TContext>()
        where TContext : DbContext =>
        _register = configurator =>
        {
            configurator.TryAddSingleton(TimeProvider.System);
            configurator.RegisterLoadSagaRepository<TSaga, EntityFrameworkSagaRepositoryContextFactory<TSaga, TContext>>();
            configurator.RegisterQuerySagaRepository<TSaga, EntityFrameworkSagaRepositoryContextFactory<TSaga, TContext>>();
            configurator.RegisterSagaRepository<TSaga, DbContext, DbContextSagaConsumeContextFactory<TSaga>,
                EntityFrameworkSagaRepositoryContextFactory<TSaga, TContext>>();
        };

    public void Register(ISagaRepositoryRegistrationConfigurator<TSaga> configurator)
    {
        if (_register is null)
            throw new InvalidOperationException($"The EF Core saga repository for {typeof(TSaga).Name} needs a DbContext: call ExistingDbContext<TContext>().");

        configurator.TryAddSingleton(new EntityFrameworkSagaRepositoryOptions<TSaga> { ConcurrencyMode = ConcurrencyMode });
        _register(configurator);
    }
}
