using System.Diagnostics;
using System.Text;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>A service run as its own OS process from the built output (<c>dotnet Saga.X.dll run …</c>), as an operator runs it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ServiceProcess(string assembly, IReadOnlyDictionary<string, string?> configuration, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        start.ArgumentList.Add("run");
        foreach (var (key, value) in configuration)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value ?? "");
        }

        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"{assembly} exited early:\n{Output}"));
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
    public static async Task<ServiceProcess> StartAsync(string assembly, IReadOnlyDictionary<string, string?> configuration,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var service = new ServiceProcess(assembly, configuration, environment);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            await service._started.Task.WaitAsync(timeout);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
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
