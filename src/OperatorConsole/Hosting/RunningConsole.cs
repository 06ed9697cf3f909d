using Microsoft.AspNetCore.Builder;

namespace Saga.OperatorConsole.Hosting;

/// <summary>A started console and the address it listens on (with the port Kestrel chose, when the URL asked for port 0).</summary>
public sealed class RunningConsole(WebApplication application, Uri address) : IAsyncDisposable
{
    public Uri Address { get; } = address;

    public IServiceProvider Services => application.Services;

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled (Ctrl+C, SIGTERM), then stops.</summary>
    public async Task RunUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop.
        }

        await application.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await application.StopAsync(CancellationToken.None);
        await application.DisposeAsync();
    }
}
