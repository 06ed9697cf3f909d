using System.Diagnostics;
using System.Globalization;

namespace Saga.TestInfrastructure;

/// <summary>
/// One of the services run as its own OS process, as an operator runs it: <c>dotnet Saga.X.dll verb --Key value …</c> from
/// this program's output directory, where the build put the services, or a published binary. Keeps what it writes (all of
/// it, or only the last lines for long runs), knows when its host has started, and stops it with SIGTERM as systemd would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    readonly Process _process;
    readonly Queue<string> _lines = new();
    readonly int _keptLines;
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ServiceProcess(ProcessStartInfo start, string name, int keptLines)
    {
        Name = name;
        _keptLines = keptLines;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"{Name} exited early:\n{Output}"));
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the service wrote to standard output and error so far (the kept lines), one line each.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
                return string.Concat(_lines.Select(line => line + Environment.NewLine));
        }
    }

    /// <summary>The path of a service's assembly next to this program; the build puts it there when the program's project references the service's.</summary>
    public static string AssemblyPath(string assembly) => Path.Combine(AppContext.BaseDirectory, assembly);

    /// <summary><c>dotnet {assembly} {verb} --Key value …</c> from this program's output directory.</summary>
    public static ProcessStartInfo StartInfo(string assembly, string verb, IReadOnlyDictionary<string, string?> settings,
        IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(AssemblyPath(assembly));
        AddArguments(start, verb, settings);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return start;
    }

    /// <summary>The verb and the settings as <c>--Key value</c> pairs.</summary>
    public static void AddArguments(ProcessStartInfo start, string verb, IReadOnlyDictionary<string, string?> settings)
    {
        start.ArgumentList.Add(verb);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value ?? "");
        }
    }

    /// <summary>Starts <c>run</c> of <paramref name="assembly"/> and waits (bounded) until its host reports that it started.</summary>
    public static Task<ServiceProcess> StartAsync(string assembly, IReadOnlyDictionary<string, string?> settings,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        StartAsync(StartInfo(assembly, "run", settings, environment), assembly, timeout);

    /// <summary>
    /// Starts <paramref name="start"/> and waits (bounded) until the host reports that it started: its bus is connected.
    /// <paramref name="keptLines"/> limits the output kept to the last lines, for long runs.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(ProcessStartInfo start, string name, TimeSpan timeout,
        int keptLines = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var service = Launch(start, name, keptLines);
        try
        {
            await service.WaitUntilStartedAsync(timeout, cancellationToken);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    /// <summary>Starts <paramref name="start"/> without waiting for anything.</summary>
    public static ServiceProcess Launch(ProcessStartInfo start, string name, int keptLines = int.MaxValue)
    {
        var service = new ServiceProcess(start, name, keptLines);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Runs <paramref name="start"/> (a <c>migrate</c>) and waits (bounded) for it to exit; fails with its output unless it exited 0.</summary>
    public static async Task RunToCompletionAsync(ProcessStartInfo start, string name, TimeSpan timeout, int keptLines,
        CancellationToken cancellationToken)
    {
        await using var service = Launch(start, name, keptLines);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await service._process.WaitForExitAsync(deadline.Token);
        if (service._process.ExitCode != 0)
            throw new InvalidOperationException($"{name} exited {service._process.ExitCode}:\n{service.Output}");
    }

    /// <summary>Waits (bounded) until the host logs that it started; fails if the process exits first.</summary>
    public Task WaitUntilStartedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _started.Task.WaitAsync(timeout, cancellationToken);

    /// <summary>
    /// Sends SIGTERM, as systemd or <c>docker stop</c> would, and returns the exit code; kills the process and throws if it
    /// does not exit within <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!await StopAsync(timeout))
            throw new TimeoutException($"{Name} did not exit within {timeout} of SIGTERM:\n{Output}");
        return _process.ExitCode;
    }

    /// <summary>
    /// Kills the service with SIGKILL, as a crash or the OOM killer would: none of its shutdown code runs. Waits (bounded)
    /// until it is gone; its output so far stays readable.
    /// </summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            await SignalAsync("-KILL");

        using var timeout = new CancellationTokenSource(StopTimeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Stops the service with SIGTERM, as systemd would, and kills it if it has not exited within 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                await StopAsync(StopTimeout);
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }

        _process.Dispose();
    }

    /// <summary>SIGTERM, then waits (bounded); false, after killing the process tree, if it did not exit in time.</summary>
    async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
            await SignalAsync("-TERM");

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return false;
        }
    }

    async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > _keptLines)
                _lines.Dequeue();
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
            _started.TrySetResult();
    }
}
