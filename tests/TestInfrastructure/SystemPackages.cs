namespace Saga.TestInfrastructure;

/// <summary>Finds the machine's commands and installs missing Debian packages (as root only).</summary>
public static class SystemPackages
{
    private static readonly SemaphoreSlim s_aptLock = new(1, 1);
    private static readonly TimeSpan s_aptTimeout = TimeSpan.FromMinutes(10);

    // Where Debian puts administrator commands; a non-root PATH often lacks them.
    private static readonly string[] s_extraSearchDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>
    /// Returns the full path of <paramref name="command"/> (a name looked up on PATH and in the sbin directories, or an
    /// absolute path), installing the Debian package <paramref name="aptPackage"/> first when it is missing.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The command is missing and this process is not root, or the install did not provide it.
    /// </exception>
    public static async Task<string> EnsureInstalledAsync(string command, string aptPackage, CancellationToken cancellationToken = default)
    {
        if (FindCommand(command) is { } found)
        {
            return found;
        }

        await InstallAsync(aptPackage, $"the command '{command}'", cancellationToken);
        return FindCommand(command)
            ?? throw new InvalidOperationException(
                $"The Debian package '{aptPackage}' was installed but '{command}' is still not there.");
    }

    /// <summary>
    /// Installs a Debian package with <c>apt-get install -y</c>, running <c>apt-get update</c> first when the install fails
    /// (typically for lack of package lists). Only root can do this; anyone else gets an exception that says what to install.
    /// </summary>
    /// <param name="whatIsMissing">What the caller looked for, for the error message.</param>
    public static async Task InstallAsync(string aptPackage, string whatIsMissing, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aptPackage);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                $"These tests need {whatIsMissing}, which is not installed, and they can install it only when run as root. "
                + $"Install it with `sudo apt-get install -y {aptPackage}` and run the tests again.");
        }

        var aptGet = FindCommand("apt-get")
            ?? throw new InvalidOperationException(
                $"These tests need {whatIsMissing} (Debian package '{aptPackage}'), and this machine has no apt-get to install it with.");

        await s_aptLock.WaitAsync(cancellationToken);
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["DEBIAN_FRONTEND"] = "noninteractive",
                ["NEEDRESTART_MODE"] = "a",
            };
            string[] install = ["-o", "DPkg::Lock::Timeout=300", "install", "-y", aptPackage];
            var first = await ProcessRunner.RunAsync(aptGet, install, s_aptTimeout, environment, cancellationToken: cancellationToken);
            if (first.Succeeded)
            {
                return;
            }

            var update = await ProcessRunner.RunAsync(
                aptGet, ["-o", "DPkg::Lock::Timeout=300", "update"], s_aptTimeout, environment, cancellationToken: cancellationToken);
            var second = await ProcessRunner.RunAsync(aptGet, install, s_aptTimeout, environment, cancellationToken: cancellationToken);
            if (!second.Succeeded)
            {
                throw new InvalidOperationException(
                    $"Installing the Debian package '{aptPackage}' (for {whatIsMissing}) failed, also after `apt-get update`"
                    + $" (which exited with {update.ExitCode}).",
                    new ProcessFailedException(second));
            }
        }
        finally
        {
            s_aptLock.Release();
        }
    }

    /// <summary>The full path of an executable: an absolute path that exists, or a name found on PATH or in the sbin directories.</summary>
    public static string? FindCommand(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(command) ? Path.GetFullPath(command) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(s_extraSearchDirectories)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path)
    {
        try
        {
            return File.Exists(path)
                && (UnixFiles.GetMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
