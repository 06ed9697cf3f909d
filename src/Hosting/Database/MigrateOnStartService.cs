using Microsoft.Extensions.Hosting;

namespace Saga.Hosting.Database;

/// <summary>
/// Applies migrations of the databases whose settings ask for it, before the bus starts consuming
/// (it is registered ahead of MassTransit's hosted service, and hosted services start in order).
/// </summary>
public sealed class MigrateOnStartService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(settings => settings.MigrateOnStart, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
