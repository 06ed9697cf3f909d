using System.Diagnostics;

namespace Saga.TestInfrastructure;

/// <summary>
/// A small <c>sh</c> process that blocks reading a pipe whose only writer is this test process. When this process dies —
/// even by SIGKILL, when no .NET code runs — the kernel closes the pipe, the watchdog reads EOF, stops every process
/// marked with the server directory and deletes the directory. A normal stop kills the watchdog instead.
/// </summary>
internal sealed class ServerWatchdog : IDisposable
{
    // $1 = server directory, $2 = the signal name for `kill -s`. The watchdog itself carries no marker, and ignores the
    // terminal's and a process group's INT/HUP/TERM (cat inherits that), so that only EOF sets it off.
    private const string Script = """
        trap '' INT HUP TERM
        dir=$1
        sig=$2
        cat >/dev/null
        exec >/dev/null 2>&1
        marked() {
          grep -slzxF -- "SAGA_TEST_SERVER_DIR=$dir" /proc/[0-9]*/environ | sed -n 's#^/proc/\([0-9]*\)/environ$#\1#p'
        }
        pids=$(marked)
        if [ -n "$pids" ]; then
          kill -s "$sig" $pids
          i=0
          while [ $i -lt 150 ]; do
            pids=$(marked)
            [ -z "$pids" ] && break
            sleep 0.1
            i=$((i + 1))
          done
          if [ -n "$pids" ]; then
            kill -s KILL $pids
            i=0
            while [ $i -lt 50 ] && [ -n "$(marked)" ]; do sleep 0.1; i=$((i + 1)); done
          fi
        fi
        rm -rf -- "$dir"
        """;

    private readonly Process _process;
    private bool _disposed;

    private ServerWatchdog(Process process) => _process = process;

    internal int ProcessId => _process.Id;

    internal bool HasExited => _process.HasExited;

    internal static ServerWatchdog Start(string serverDirectory, int signal)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            WorkingDirectory = "/",
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Script);
        startInfo.ArgumentList.Add("saga-test-server-watchdog");
        startInfo.ArgumentList.Add(serverDirectory);
        startInfo.ArgumentList.Add(signal switch
        {
            NativeMethods.SigQuit => "QUIT",
            NativeMethods.SigKill => "KILL",
            _ => "TERM",
        });
        startInfo.Environment.Remove(ServerProcesses.MarkerVariable);
        var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("Could not start the watchdog shell /bin/sh.");
        return new ServerWatchdog(process);
    }

    /// <summary>Closes the pipe as the death of this process would, so the watchdog cleans up now (for tests).</summary>
    internal void Trigger() => _process.StandardInput.Close();

    internal Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills the watchdog (without its cleanup: the caller has cleaned up).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ProcessRunner.KillTree(_process);
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The pipe is already broken: nothing left to close.
        }

        _process.Dispose();
    }
}
