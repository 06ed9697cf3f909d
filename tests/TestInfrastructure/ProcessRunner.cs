using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Saga.TestInfrastructure;

/// <summary>Runs a command to completion, capturing its output, and kills its whole process tree when it overruns.</summary>
public static class ProcessRunner
{
    private static readonly TimeSpan s_outputDrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (passed as separate argv entries, no shell),
    /// and returns what it printed and its exit code; a non-zero exit code is not an error here (see
    /// <see cref="ProcessResult.EnsureSuccess"/>).
    /// </summary>
    /// <param name="environment">Variables to set for the child on top of this process's; a null value removes the variable.</param>
    /// <exception cref="TimeoutException">The process ran longer than <paramref name="timeout"/>; its tree was killed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the process tree was killed.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToArray();
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        ApplyEnvironment(startInfo, environment);

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start `{FormatCommandLine(fileName, args)}`: {e.Message}", e);
        }

        // Nothing is ever typed into these commands: close stdin so that one that asks a question gets EOF instead of hanging.
        process.StandardInput.Close();
        var stdoutTask = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            var partialOut = await DrainAsync(stdoutTask);
            var partialErr = await DrainAsync(stderrTask);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"`{FormatCommandLine(fileName, args)}` did not finish within {timeout.TotalSeconds:0.#} s; its process tree was killed."
                + Environment.NewLine + "stderr:" + Environment.NewLine + Tail(partialErr)
                + Environment.NewLine + "stdout:" + Environment.NewLine + Tail(partialOut));
        }

        // A daemon the command left behind may hold the pipes open: don't wait for EOF forever.
        var stdout = await DrainAsync(stdoutTask);
        var stderr = await DrainAsync(stderrTask);
        return new ProcessResult(fileName, args, process.ExitCode, stdout, stderr, stopwatch.Elapsed);
    }

    /// <summary>Same as <see cref="RunAsync"/>, but throws <see cref="ProcessFailedException"/> on a non-zero exit code.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default) =>
        (await RunAsync(fileName, arguments, timeout, environment, workingDirectory, cancellationToken)).EnsureSuccess();

    internal static void ApplyEnvironment(ProcessStartInfo startInfo, IReadOnlyDictionary<string, string?>? environment)
    {
        if (environment is null)
        {
            return;
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }
    }

    internal static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exited while we were killing it, or not ours to kill.
        }
    }

    internal static string FormatCommandLine(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));

    internal static string Tail(string text, int maxChars = 4000)
    {
        var trimmed = text.TrimEnd();
        return trimmed.Length <= maxChars ? trimmed : "…" + trimmed[^maxChars..];
    }

    private static async Task<string> DrainAsync(Task<string> read)
    {
        try
        {
            return await read.WaitAsync(s_outputDrainTimeout);
        }
        catch (TimeoutException)
        {
            return "(output still open after the process exited; not captured)";
        }
    }
}
