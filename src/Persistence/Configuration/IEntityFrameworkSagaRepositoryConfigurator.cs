using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Sagas;

namespace Saga.Persistence.Configuration;

public interface IEntityFrameworkSagaRepositoryConfigurator
{
    /// <summary>
    /// Use the <typeparamref name="TContext"/> registered in the container (for example with AddDbContext) for the saga's
    /// state, in the dialect registered for it (<see cref="SqlDialectRegistrationExtensions.AddSqlDialect{TDbContext}"/>).
    /// </summary>
    void ExistingDbContext<TContext>()
        where TContext : DbContext;

    /// <summary>Optimistic (the default; a version token) or pessimistic (row locks held until commit).</summary>
    SagaConcurrencyMode ConcurrencyMode { set; }
}
