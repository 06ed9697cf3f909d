using System.Diagnostics;

namespace Saga.TestInfrastructure.Tests;

/// <summary>A stand-in server process: <c>sleep</c> carrying the marker of a server directory.</summary>
internal sealed class MarkedProcess : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private MarkedProcess(Process process) => _process = process;

    internal int Id => _process.Id;

    internal bool HasExited => _process.HasExited;

    internal static MarkedProcess Start(string serverDirectory)
    {
        var startInfo = new ProcessStartInfo("sleep", "600") { UseShellExecute = false };
        startInfo.Environment[ServerProcesses.MarkerVariable] = serverDirectory;
        return new MarkedProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start sleep."));
    }

    internal async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
