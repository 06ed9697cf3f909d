using Microsoft.Extensions.Hosting;

namespace Saga.Participants.Seeding;

/// <summary>Seeds the demo data at start-up, after the migrations and before the bus consumes (hosted services start in order).</summary>
public sealed class DemoDataSeedingService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => ParticipantSeeder.SeedAsync(services, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
