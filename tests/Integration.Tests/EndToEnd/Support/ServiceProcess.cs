using System.Diagnostics;
using System.Text;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>A service run as its own OS process (<c>dotnet Saga.X.dll run …</c> from the built output, or a published binary), as an operator runs it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ServiceProcess(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"{name} exited early:\n{Output}"));
    }

    /// <summary><c>dotnet {assembly} run --Key value …</c> from the test's output directory.</summary>
    public static ProcessStartInfo StartInfo(string assembly, IReadOnlyDictionary<string, string?> configuration,
        IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        AddRunArguments(start, configuration);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return start;
    }

    /// <summary>The <c>run</c> verb and the settings as <c>--Key value</c> pairs.</summary>
    public static void AddRunArguments(ProcessStartInfo start, IReadOnlyDictionary<string, string?> configuration)
    {
        start.ArgumentList.Add("run");
        foreach (var (key, value) in configuration)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value ?? "");
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts the service and waits until its host reports that it started (bounded).</summary>
    public static Task<ServiceProcess> StartAsync(string assembly, IReadOnlyDictionary<string, string?> configuration,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        StartAsync(StartInfo(assembly, configuration, environment), assembly, timeout);

    /// <summary>Starts <paramref name="start"/> and waits until the host reports that it started (bounded).</summary>
    public static async Task<ServiceProcess> StartAsync(ProcessStartInfo start, string name, TimeSpan timeout)
    {
        var service = Launch(start, name);
        try
        {
            await service.WaitUntilStartedAsync(timeout);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    /// <summary>Starts <paramref name="start"/> without waiting for anything.</summary>
    public static ServiceProcess Launch(ProcessStartInfo start, string name)
    {
        var service = new ServiceProcess(start, name);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits (bounded) until the host logs that it started; fails if the process exits first.</summary>
    public Task WaitUntilStartedAsync(TimeSpan timeout) => _started.Task.WaitAsync(timeout);

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Sends SIGTERM, as systemd or <c>docker stop</c> would, and returns the exit code; fails the test (after killing the
    /// process) if it does not exit within <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the service did not exit within {timeout} of SIGTERM:\n{Output}");
        }

        return _process.ExitCode;
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (line.Contains("Application started", StringComparison.Ordinal))
            _started.TrySetResult();
    }

    /// <summary>Kills the service with SIGKILL, as the OOM killer or a power cut would: none of its shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM, as systemd would: the host stops gracefully.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
