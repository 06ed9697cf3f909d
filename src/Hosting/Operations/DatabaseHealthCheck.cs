using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Saga.Hosting.Database;

namespace Saga.Hosting.Operations;

/// <summary>One of the service's databases answers: a connection opens and a trivial query runs (EF Core's <c>CanConnect</c>).</summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopeFactory, DatabaseRegistration database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
        return await dbContext.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{database.Section} is reachable")
            : new HealthCheckResult(context.Registration.FailureStatus, $"{database.Section} is not reachable");
    }
}
