using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Saga.Hosting.Database;

public static class DatabaseRegistrationExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> for the database configured at <paramref name="section"/>, with the
    /// migrations of the configured provider (see <see cref="DbContextOptionsBuilderExtensions.UseConfiguredDatabase"/>).
    /// The settings are validated at start-up; without any, a SQLite file named <paramref name="defaultSqliteFile"/> in the
    /// working directory is used.
    /// </summary>
    public static IServiceCollection AddConfiguredDbContext<TContext>(this IServiceCollection services, IConfiguration configuration,
        string section, string defaultSqliteFile)
        where TContext : DbContext
    {
        // With nothing configured the service keeps its state in a SQLite file in the working directory: the embedded default.
        services.AddOptions<DatabaseOptions>(section)
            .Bind(configuration.GetSection(section))
            .PostConfigure(options =>
            {
                if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
                    options.ConnectionString = $"Data Source={defaultSqliteFile}";

                // An empty value (e.g. an environment variable set to nothing) means the provider's default schema.
                if (options.Schema?.Length == 0)
                    options.Schema = null;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.AddSingleton(new DatabaseRegistration(section, typeof(TContext)));

        services.AddDbContext<TContext>((provider, builder) =>
            builder.UseConfiguredDatabase(provider.GetRequiredService<IOptionsMonitor<DatabaseOptions>>().Get(section)));

        return services;
    }
}
