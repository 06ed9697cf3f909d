using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Saga.Persistence;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;

namespace Saga.Hosting.Database;

public static class DatabaseRegistrationExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> for the database configured at <paramref name="section"/>, with the
    /// migrations of the configured provider (see <see cref="DbContextOptionsBuilderExtensions.UseConfiguredDatabase"/>);
    /// the provider's SQL dialect is registered for <typeparamref name="TContext"/> with it. The settings are validated at
    /// start-up; without any, a SQLite file named <paramref name="defaultSqliteFile"/> in the working directory is used.
    /// </summary>
    public static IServiceCollection AddConfiguredDbContext<TContext>(this IServiceCollection services, IConfiguration configuration,
        string section, string defaultSqliteFile)
        where TContext : DbContext
    {
        // With nothing configured the service keeps its state in a SQLite file in the working directory: the embedded default.
        services.AddOptions<DatabaseOptions>(section)
            .Bind(configuration.GetSection(section))
            .PostConfigure(options => DatabaseDefaults.Apply(options, defaultSqliteFile))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.AddSingleton(new DatabaseRegistration(section, typeof(TContext)));

        services.AddSqlDialect<TContext>(configuration.GetSection(section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite);
        // The options are built once: as scoped (EF Core's default) every consumed message would parse the connection
        // string again and have EF Core look up its internal services by a new options instance (about 2 % of a service's CPU).
        services.AddDbContext<TContext>((provider, builder) =>
                builder.UseConfiguredDatabase(provider.GetRequiredService<IOptionsMonitor<DatabaseOptions>>().Get(section)),
            contextLifetime: ServiceLifetime.Scoped, optionsLifetime: ServiceLifetime.Singleton);

        return services;
    }
}
