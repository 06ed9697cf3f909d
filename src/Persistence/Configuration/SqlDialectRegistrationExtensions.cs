using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Saga.Persistence.Dialects;

namespace Saga.Persistence;

public static class SqlDialectRegistrationExtensions
{
    /// <summary>
    /// Names the database <typeparamref name="TDbContext"/> runs on: the saga repository, the outbox and the scheduler on
    /// that context write their hand-written SQL in <paramref name="provider"/>'s dialect. Once per context, next to
    /// choosing its EF Core provider; the start fails if the two disagree.
    /// </summary>
    public static IServiceCollection AddSqlDialect<TDbContext>(this IServiceCollection services, DatabaseProvider provider)
        where TDbContext : DbContext
    {
        services.TryAddSingleton(new DbContextDialect<TDbContext>(SqlDialects.For(provider)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DbContextDialectCheck<TDbContext>>());
        return services;
    }
}
