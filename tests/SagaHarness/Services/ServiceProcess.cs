using System.Diagnostics;
using System.Globalization;

namespace Saga.SagaHarness.Services;

/// <summary>
/// One of the services run as an operator runs it: <c>dotnet Saga.X.dll verb --Key value …</c> from this program's
/// output directory, where the build put both services. Keeps the last lines it wrote, for a failure message.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    const int KeptLines = 60;

    readonly Process _process;
    readonly Queue<string> _lastLines = new();
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ServiceProcess(string name, string assembly, string verb, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(AssemblyPath(assembly));
        start.ArgumentList.Add(verb);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"{Name} exited early:\n{Output}"));
    }

    public string Name { get; }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_lastLines)
                return string.Join('\n', _lastLines);
        }
    }

    /// <summary>The path of a service's assembly next to this program; the build puts it there when the program's project references the service's.</summary>
    public static string AssemblyPath(string assembly) => Path.Combine(AppContext.BaseDirectory, assembly);

    /// <summary>Runs <c>migrate</c> and waits (bounded) for it to exit; fails with its output unless it exited 0.</summary>
    public static async Task MigrateAsync(string name, string assembly, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var service = new ServiceProcess(name, assembly, "migrate", settings, environment);
        service.Begin();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await service._process.WaitForExitAsync(deadline.Token);
        if (service._process.ExitCode != 0)
            throw new InvalidOperationException($"{name} migrate exited {service._process.ExitCode}:\n{service.Output}");
    }

    /// <summary>Starts <c>run</c> and waits (bounded) until the host reports that it started: its bus is connected.</summary>
    public static async Task<ServiceProcess> RunAsync(string name, string assembly, IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var service = new ServiceProcess(name, assembly, "run", settings, environment);
        service.Begin();
        try
        {
            await service._started.Task.WaitAsync(timeout, cancellationToken);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    void Begin()
    {
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
                _lastLines.Dequeue();
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
            _started.TrySetResult();
    }

    /// <summary>
    /// Kills the service with SIGKILL (<see cref="Process.Kill()"/> on Linux), as a crash or the OOM killer would, and
    /// waits (bounded) until it is gone. Its output so far stays readable.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Stops the service with SIGTERM, as systemd would, and kills it if it has not exited within 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                    await kill.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }

        _process.Dispose();
    }
}
