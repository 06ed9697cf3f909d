using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Saga.Hosting.Database;

/// <summary>
/// Lets <c>dotnet ef</c> build <typeparamref name="TContext"/> without a reachable server (nothing is opened), for the
/// provider of the migrations assembly the factory is compiled into (<see cref="MigrationsAssemblies"/>): run on that
/// project, the tools find the context configured for its provider, and its migrations there.
/// </summary>
public abstract class DesignTimeDbContextFactory<TContext>(string database) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var provider = MigrationsAssemblies.ProviderOf(GetType().Assembly);
        return (TContext)Activator.CreateInstance(typeof(TContext), DesignTimeOptions.For<TContext>(provider, database))!;
    }
}
