using System.Reflection;
using Saga.Persistence.Dialects;

namespace Saga.Hosting.Database;

/// <summary>
/// Where each provider's migrations are: one assembly per provider (src/Migrations/{Provider}) holds the migrations of
/// every context for that provider, as EF Core advises for several providers. The services reference all of them; the
/// configured provider picks one.
/// </summary>
public static class MigrationsAssemblies
{
    public static string For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => "Saga.Migrations.PostgreSql",
        DatabaseProvider.SqlServer => "Saga.Migrations.SqlServer",
        _ => "Saga.Migrations.Sqlite",
    };

    /// <summary>The provider whose migrations <paramref name="assembly"/> holds.</summary>
    public static DatabaseProvider ProviderOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var name = assembly.GetName().Name;
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            if (For(provider) == name)
                return provider;
        }

        throw new ArgumentException($"{name} is not a migrations assembly", nameof(assembly));
    }
}
