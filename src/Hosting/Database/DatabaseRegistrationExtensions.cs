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
    /// Registers <typeparamref name="TContext"/> for the database configured at <paramref name="section"/>. Each provider has
    /// its own migrations, and EF Core ties migrations to one context type, so the context is registered as the provider's
    /// (otherwise empty) subclass; the provider's SQL dialect is registered for <typeparamref name="TContext"/> with it. The
    /// settings are validated at start-up; without any, a SQLite file named <paramref name="defaultSqliteFile"/> in the
    /// working directory is used.
    /// </summary>
    public static IServiceCollection AddConfiguredDbContext<TContext, TSqlite, TPostgreSql, TSqlServer>(this IServiceCollection services,
        IConfiguration configuration, string section, string defaultSqliteFile)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgreSql : TContext
        where TSqlServer : TContext
    {
        // With nothing configured the service keeps its state in a SQLite file in the working directory: the embedded default.
        services.AddOptions<DatabaseOptions>(section)
            .Bind(configuration.GetSection(section))
            .PostConfigure(options => DatabaseDefaults.Apply(options, defaultSqliteFile))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.AddSingleton(new DatabaseRegistration(section, typeof(TContext)));

        void Configure(IServiceProvider provider, DbContextOptionsBuilder builder) =>
            builder.UseConfiguredDatabase(provider.GetRequiredService<IOptionsMonitor<DatabaseOptions>>().Get(section));

        var provider = configuration.GetSection(section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        services.AddSqlDialect<TContext>(provider);
        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                services.AddDbContext<TContext, TPostgreSql>(Configure);
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<TContext, TSqlServer>(Configure);
                break;
            default:
                services.AddDbContext<TContext, TSqlite>(Configure);
                break;
        }

        return services;
    }
}
