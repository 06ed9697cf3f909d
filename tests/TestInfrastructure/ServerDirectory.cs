using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Saga.TestInfrastructure;

/// <summary>
/// The private directory of one test server: <c>$TMPDIR/saga-test-servers/&lt;pid&gt;-&lt;pid start time&gt;-&lt;kind&gt;-&lt;random&gt;</c>.
/// The owning test process is in the name, so a later run can tell the leftovers of a test process that was killed
/// and clean them up.
/// </summary>
internal static partial class ServerDirectory
{
    private static readonly SemaphoreSlim s_cleanupLock = new(1, 1);

    internal static string BaseDirectory { get; } = Path.Combine(Path.GetTempPath(), "saga-test-servers");

    /// <summary>Creates a fresh directory (mode 0755) for a server of <paramref name="kind"/> owned by this process.</summary>
    internal static string Create(string kind)
    {
        EnsureBaseDirectory();
        var pid = Environment.ProcessId;
        var startTime = ServerProcesses.StartTimeOf(pid) ?? 0;
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{pid}-{startTime}-{kind}-{RandomToken(8)}");
        var path = Path.Combine(BaseDirectory, name);
        UnixFiles.CreateDirectory(path, UnixFiles.OwnerWriteAllRead);
        return path;
    }

    /// <summary>The first signal for a server of <paramref name="kind"/> that is stopped without its owner's help.</summary>
    /// <remarks>
    /// PostgreSQL's postmaster takes SIGQUIT as "immediate shutdown": fast, and it still removes its shared memory
    /// (SIGTERM would wait for clients). A RabbitMQ node's state is thrown away, and its graceful SIGTERM shutdown takes
    /// over 5 s with the management plugin, so the Erlang VM and epmd get SIGKILL.
    /// </remarks>
    internal static int StopSignalFor(string kind) =>
        kind == PostgreSqlTestCluster.Kind ? NativeMethods.SigQuit : NativeMethods.SigKill;

    /// <summary>
    /// Stops the servers of directories whose owning test process is gone, and deletes those directories.
    /// Directories of live test processes (this one included) are left alone. Returns the directories removed.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> CleanUpLeftoversAsync()
    {
        if (!Directory.Exists(BaseDirectory))
        {
            return [];
        }

        await s_cleanupLock.WaitAsync();
        try
        {
            var removed = new List<string>();
            foreach (var directory in Directory.GetDirectories(BaseDirectory))
            {
                var match = DirectoryName().Match(Path.GetFileName(directory));
                if (!match.Success || IsOwnerAlive(match))
                {
                    continue;
                }

                var kind = match.Groups["kind"].Value;
                if (await ServerProcesses.TerminateMarkedAsync(directory, StopSignalFor(kind), TimeSpan.FromSeconds(10))
                    && await TryDeleteAsync(directory))
                {
                    removed.Add(directory);
                }
            }

            return removed;
        }
        finally
        {
            s_cleanupLock.Release();
        }
    }

    /// <summary>Deletes a directory tree, retrying briefly while exiting processes still write into it.</summary>
    internal static async Task<bool> TryDeleteAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return true;
            }
            catch (UnauthorizedAccessException)
            {
                return false; // Another user's (e.g. root's) leftovers: theirs to clean up.
            }
            catch (IOException)
            {
                if (attempt == 20)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    internal static string RandomToken(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    private static bool IsOwnerAlive(Match match)
    {
        var pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
        var startTime = long.Parse(match.Groups["start"].Value, CultureInfo.InvariantCulture);

        // A live process with another start time reused the pid: the owner is gone.
        return ServerProcesses.StartTimeOf(pid) is { } actual && (actual == startTime || startTime == 0);
    }

    private static void EnsureBaseDirectory()
    {
        if (Directory.Exists(BaseDirectory))
        {
            return;
        }

        // Shared like /tmp (world-writable, sticky) so that root and other users can both run tests on one machine.
        Directory.CreateDirectory(BaseDirectory);
        try
        {
            UnixFiles.SetMode(BaseDirectory, UnixFiles.SharedSticky);
        }
        catch (UnauthorizedAccessException)
        {
            // Someone else created it meanwhile; theirs to set.
        }
    }

    [GeneratedRegex(@"^(?<pid>\d+)-(?<start>\d+)-(?<kind>[a-z]+)-(?<random>[a-z0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectoryName();
}
