using System.Globalization;
using System.Text;

namespace Saga.TestInfrastructure;

/// <summary>
/// Every process started for a test server carries <see cref="MarkerVariable"/>=its server directory in its environment,
/// and so do the processes those start (Erlang's epmd, PostgreSQL's backends). That finds them all, even daemons that
/// left our process tree and even after the test process that started them died.
/// </summary>
internal static class ServerProcesses
{
    internal const string MarkerVariable = "SAGA_TEST_SERVER_DIR";

    /// <summary>The ids of the live processes marked with <paramref name="serverDirectory"/>.</summary>
    internal static IReadOnlyList<int> FindMarked(string serverDirectory)
    {
        var marker = Encoding.UTF8.GetBytes($"{MarkerVariable}={serverDirectory}\0");
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var procEntry in EnumerateProcessDirectories())
        {
            if (!int.TryParse(Path.GetFileName(procEntry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            byte[] environ;
            try
            {
                environ = File.ReadAllBytes(Path.Combine(procEntry, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Gone meanwhile, or not ours to read.
            }

            if (ContainsEntry(environ, marker))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to every process marked with <paramref name="serverDirectory"/>, waits up to
    /// <paramref name="grace"/> for them to exit, then SIGKILLs what is left and waits (bounded) for it to go.
    /// Returns true when none is left.
    /// </summary>
    internal static async Task<bool> TerminateMarkedAsync(string serverDirectory, int signal, TimeSpan grace)
    {
        var pids = FindMarked(serverDirectory);
        if (pids.Count == 0)
        {
            return true;
        }

        Signal(pids, signal);
        if (await WaitUntilGoneAsync(serverDirectory, grace) && await WaitUntilExitedAsync(pids, grace))
        {
            return true;
        }

        var left = FindMarked(serverDirectory);
        Signal(left, NativeMethods.SigKill);
        return await WaitUntilGoneAsync(serverDirectory, TimeSpan.FromSeconds(5))
            && await WaitUntilExitedAsync(pids.Concat(left), TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// True while any thread of <paramref name="pid"/> has not finished exiting. A killed process whose main thread has
    /// already let go of its memory shows no environment any more (so <see cref="FindMarked"/> no longer finds it), while
    /// its other threads may still hold its open files — listening sockets included — until the last of them exits.
    /// </summary>
    internal static bool HasLiveThreads(int pid)
    {
        string[] threads;
        try
        {
            threads = Directory.GetDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        foreach (var thread in threads)
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(thread, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // This thread is gone.
            }

            // "tid (comm) state ...": Z (zombie) and X (dead) have released everything; any other state may still hold files.
            var state = stat.Length > stat.LastIndexOf(')') + 2 ? stat[stat.LastIndexOf(')') + 2] : 'X';
            if (state is not ('Z' or 'X'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits (bounded) until no thread of <paramref name="pids"/> is left; returns false on the timeout.</summary>
    internal static async Task<bool> WaitUntilExitedAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var pending = pids.ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            pending.RemoveWhere(pid => !HasLiveThreads(pid));
            if (pending.Count == 0)
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    internal static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            _ = NativeMethods.Kill(pid, signal); // Fails only for processes that are gone or not ours.
        }
    }

    /// <summary>The kernel's start time of a process (clock ticks after boot), or null when there is no such process.</summary>
    internal static long? StartTimeOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ..." — comm may hold spaces and parentheses, so count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const int startTimeIndex = 22 - 3;
        return fields.Length > startTimeIndex
            && long.TryParse(fields[startTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? start
                : null;
    }

    private static async Task<bool> WaitUntilGoneAsync(string serverDirectory, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (FindMarked(serverDirectory).Count == 0)
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static string[] EnumerateProcessDirectories()
    {
        try
        {
            return Directory.GetDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool ContainsEntry(byte[] environ, byte[] entry)
    {
        var span = environ.AsSpan();
        var offset = 0;
        while (offset < span.Length)
        {
            var rest = span[offset..];
            if (rest.StartsWith(entry))
            {
                return true;
            }

            var next = rest.IndexOf((byte)0);
            if (next < 0)
            {
                return false;
            }

            offset += next + 1;
        }

        return false;
    }
}
