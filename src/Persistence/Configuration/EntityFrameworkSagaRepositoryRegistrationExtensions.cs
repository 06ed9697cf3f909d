using MassTransit;
using Saga.Persistence.Configuration;

namespace Saga.Persistence;

public static class EntityFrameworkSagaRepositoryRegistrationExtensions
{
    /// <summary>Keeps the saga's state in an EF Core <c>DbContext</c>, with optimistic concurrency when the saga implements <see cref="ISagaVersion"/>.</summary>
    public static ISagaRegistrationConfigurator<TSaga> EntityFrameworkRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator,
        Action<IEntityFrameworkSagaRepositoryConfigurator> configure)
        where TSaga : class, ISaga
    {
        var repository = new EntityFrameworkSagaRepositoryConfigurator<TSaga>();
        configure(repository);
        configurator.Repository(repository.Register);
        return configurator;
    }
}
