using System.Diagnostics;

namespace Saga.TestInfrastructure;

/// <summary>
/// The lifecycle shared by every test server: cleans up earlier runs' leftovers, owns the server directory and its
/// watchdog, marks the server's processes, and makes sure they are gone and the directory deleted when the server is
/// disposed or this process exits.
/// </summary>
internal sealed class ServerInstance
{
    private static readonly Lock s_liveGate = new();
    private static readonly HashSet<ServerInstance> s_live = [];
    private static bool s_processExitHooked;

    private readonly ServerWatchdog _watchdog;
    private readonly int _stopSignal;
    private readonly Lock _finishGate = new();
    private Task<bool>? _finish;

    private ServerInstance(string kind, string directory)
    {
        Kind = kind;
        Directory = directory;
        _stopSignal = ServerDirectory.StopSignalFor(kind);
        _watchdog = ServerWatchdog.Start(directory, _stopSignal);
        MarkerEnvironment = new Dictionary<string, string?> { [ServerProcesses.MarkerVariable] = directory };
    }

    internal string Kind { get; }

    internal string Directory { get; }

    /// <summary>The environment entry every process of this server must carry.</summary>
    internal IReadOnlyDictionary<string, string?> MarkerEnvironment { get; }

    internal static async Task<ServerInstance> CreateAsync(string kind)
    {
        await ServerDirectory.CleanUpLeftoversAsync();
        var instance = new ServerInstance(kind, ServerDirectory.Create(kind));
        lock (s_liveGate)
        {
            if (!s_processExitHooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAllLive();
                s_processExitHooked = true;
            }

            s_live.Add(instance);
        }

        return instance;
    }

    /// <summary>
    /// Starts a long-running process of this server with its output appended to <paramref name="logFile"/>, stdin from
    /// /dev/null, the marker in its environment, and no pipe to this process (so it outlives nothing of ours by accident).
    /// </summary>
    internal Process StartBackground(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        string logFile)
    {
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Directory };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1");
        startInfo.ArgumentList.Add("saga-test-server");
        startInfo.ArgumentList.Add(logFile);
        startInfo.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        ProcessRunner.ApplyEnvironment(startInfo, environment);
        ProcessRunner.ApplyEnvironment(startInfo, MarkerEnvironment);
        return Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
    }

    /// <summary>
    /// After the server's own stop: terminates whatever of it is left (its stop signal, then SIGKILL), deletes its
    /// directory and retires the watchdog. Idempotent; returns true when no process is left and the directory is gone.
    /// </summary>
    internal Task<bool> FinishAsync()
    {
        lock (_finishGate)
        {
            return _finish ??= FinishCoreAsync();
        }
    }

    private static void StopAllLive()
    {
        ServerInstance[] live;
        lock (s_liveGate)
        {
            live = [.. s_live];
        }

        // Bounded: each waits at most ~15 s for its processes, and they run side by side.
        Task.WhenAll(live.Select(i => i.FinishAsync())).Wait(TimeSpan.FromSeconds(30));
    }

    private async Task<bool> FinishCoreAsync()
    {
        var noneLeft = await ServerProcesses.TerminateMarkedAsync(Directory, _stopSignal, TimeSpan.FromSeconds(10));
        var deleted = await ServerDirectory.TryDeleteAsync(Directory);
        if (noneLeft && deleted)
        {
            // Our cleanup is done; the watchdog's would find nothing. If it isn't, leave the watchdog to retry when we exit.
            _watchdog.Dispose();
        }

        lock (s_liveGate)
        {
            s_live.Remove(this);
        }

        return noneLeft && deleted;
    }
}
