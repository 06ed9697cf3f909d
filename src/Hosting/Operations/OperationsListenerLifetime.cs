using Microsoft.Extensions.Hosting;

namespace Saga.Hosting.Operations;

/// <summary>
/// The operations listener's own host lifetime: none. The service's lifetime (console, systemd or Windows service) alone
/// reacts to signals and stops the service, which then stops the listener; the default console lifetime would also catch
/// SIGTERM and close the listener while the service is still stopping.
/// </summary>
public sealed class OperationsListenerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
