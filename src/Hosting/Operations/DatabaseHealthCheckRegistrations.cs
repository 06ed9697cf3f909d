using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Saga.Hosting.Database;
using Saga.Persistence.Outbox;

namespace Saga.Hosting.Operations;

/// <summary>
/// Adds a readiness check per database the service owns (only the enabled participants' ones, say), and one for its outbox
/// when the database has one; MassTransit adds the bus's own check with the same <see cref="ReadyTag"/>.
/// </summary>
public sealed class DatabaseHealthCheckRegistrations(IEnumerable<DatabaseRegistration> databases, IServiceScopeFactory scopeFactory)
    : IConfigureOptions<HealthCheckServiceOptions>
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs; MassTransit tags its bus check so too.</summary>
    public const string ReadyTag = "ready";

    // A database that does not answer fails the check after this instead of after the driver's connect timeout.
    static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public void Configure(HealthCheckServiceOptions options)
    {
        foreach (var database in databases)
        {
            options.Registrations.Add(new HealthCheckRegistration($"database:{database.Section}",
                provider => ActivatorUtilities.CreateInstance<DatabaseHealthCheck>(provider, database), HealthStatus.Unhealthy, [ReadyTag], CheckTimeout));
            if (HasOutbox(database))
            {
                options.Registrations.Add(new HealthCheckRegistration($"outbox:{database.Section}",
                    provider => ActivatorUtilities.CreateInstance<OutboxHealthCheck>(provider, database), HealthStatus.Unhealthy, [ReadyTag], CheckTimeout));
            }
        }
    }

    // Reading the model needs no connection; every context of ours has an outbox today, but the check asks the model.
    bool HasOutbox(DatabaseRegistration database)
    {
        using var scope = scopeFactory.CreateScope();
        var dbContext = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
        return OutboxStatus.IsMapped(dbContext);
    }
}
