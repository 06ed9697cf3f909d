using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Saga.Persistence.Dialects;

/// <summary>
/// Stops the start when <typeparamref name="TDbContext"/> is configured for another EF Core provider than its registered
/// dialect speaks for: the hand-written statements would otherwise fail only on first use, in the provider's words.
/// </summary>
internal sealed class DbContextDialectCheck<TDbContext>(IServiceScopeFactory scopeFactory, DbContextDialect<TDbContext> dialect) : IHostedService
    where TDbContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<TDbContext>().Database.ProviderName;
        if (provider != dialect.Dialect.EntityFrameworkProvider)
        {
            throw new InvalidOperationException(
                $"{typeof(TDbContext).Name} is registered with the {dialect.Dialect.Provider} dialect but configured for the EF Core provider {provider}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
