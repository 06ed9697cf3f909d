using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence;

namespace Saga.Hosting.Messaging;

public static class OutboxRegistrationExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TDbContext"/>'s transactional outbox and inbox with their settings bound from
    /// <paramref name="section"/> (for example <c>Orchestrator:Outbox:DuplicateDetectionWindow</c>); <c>{section}:Enabled</c>
    /// false (the benchmark baseline) is warned about at start.
    /// </summary>
    public static IServiceCollection AddConfiguredTransactionalOutbox<TDbContext>(this IServiceCollection services, IConfiguration configuration,
        string section)
        where TDbContext : DbContext
    {
        services.AddTransactionalOutbox<TDbContext>(options => configuration.GetSection(section).Bind(options), section);
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<OutboxDisabledNotice<TDbContext>>(provider, section));
        return services;
    }
}
