using System.Text.RegularExpressions;

namespace Saga.TestInfrastructure;

/// <summary>Where the machine's RabbitMQ server scripts and plugins are.</summary>
internal sealed partial class RabbitMqInstallation
{
    // Debian's /usr/sbin/rabbitmq-server is a wrapper that su's to the rabbitmq user (dropping our environment);
    // the real scripts are behind /usr/lib/rabbitmq/bin.
    private const string DebianScriptsDirectory = "/usr/lib/rabbitmq/bin";

    private RabbitMqInstallation(string scriptsDirectory)
    {
        ScriptsDirectory = scriptsDirectory;
        Home = Path.GetDirectoryName(scriptsDirectory) ?? scriptsDirectory;
    }

    /// <summary>The directory of the real rabbitmq-server, rabbitmqctl… scripts (…/rabbitmq_server-3.x/sbin).</summary>
    internal string ScriptsDirectory { get; }

    /// <summary>RABBITMQ_HOME: the parent of the scripts directory, holding plugins/.</summary>
    internal string Home { get; }

    internal string ServerScript => Path.Combine(ScriptsDirectory, "rabbitmq-server");

    internal string CtlScript => Path.Combine(ScriptsDirectory, "rabbitmqctl");

    internal string PluginsDirectory => Path.Combine(Home, "plugins");

    internal static async Task<RabbitMqInstallation> FindOrInstallAsync(CancellationToken cancellationToken)
    {
        var debianScript = Path.Combine(DebianScriptsDirectory, "rabbitmq-server");
        var found = SystemPackages.FindCommand(debianScript)
            ?? await SystemPackages.EnsureInstalledAsync("rabbitmq-server", "rabbitmq-server", cancellationToken);
        if (SystemPackages.FindCommand(debianScript) is { } afterInstall)
        {
            found = afterInstall;
        }

        var real = File.ResolveLinkTarget(found, returnFinalTarget: true)?.FullName ?? found;
        if (Path.GetFileName(real) == "rabbitmq-script-wrapper")
        {
            throw new InvalidOperationException(
                $"'{found}' is Debian's rabbitmq-server wrapper, but the real scripts are not in {DebianScriptsDirectory}. "
                + "Reinstall the Debian package with `apt-get install --reinstall rabbitmq-server`.");
        }

        var installation = new RabbitMqInstallation(Path.GetDirectoryName(real)!);
        return File.Exists(installation.CtlScript)
            ? installation
            : throw new InvalidOperationException($"rabbitmqctl is missing next to {real}.");
    }

    /// <summary>
    /// Fills <paramref name="target"/> with links to just the Erlang applications that <paramref name="roots"/> need, out
    /// of the ~70 in the plugins directory: the broker scans every application there at boot, so this saves seconds.
    /// Returns false (and the caller keeps the full plugins directory) when the layout is not what this expects.
    /// </summary>
    internal bool TryLinkPluginClosure(string target, IEnumerable<string> roots)
    {
        if (!Directory.Exists(PluginsDirectory))
        {
            return false;
        }

        var available = new Dictionary<string, (string Path, Version Version)>(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(PluginsDirectory))
        {
            var match = ApplicationDirectory().Match(Path.GetFileName(directory));
            if (!match.Success)
            {
                continue;
            }

            var name = match.Groups["name"].Value;
            var version = Version.TryParse(match.Groups["version"].Value, out var v) ? v : new Version(0, 0);
            if (!available.TryGetValue(name, out var existing) || existing.Version < version)
            {
                available[name] = (directory, version);
            }
        }

        var needed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(roots);
        while (pending.TryDequeue(out var application))
        {
            // Applications not in plugins/ (kernel, stdlib, mnesia…) come from Erlang/OTP itself.
            if (!available.TryGetValue(application, out var entry) || !needed.Add(application))
            {
                continue;
            }

            var appFile = Path.Combine(entry.Path, "ebin", application + ".app");
            if (!File.Exists(appFile))
            {
                return false;
            }

            foreach (Match list in ApplicationList().Matches(File.ReadAllText(appFile)))
            {
                foreach (var dependency in list.Groups["apps"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        if (!needed.Contains("rabbit") || !needed.Contains("rabbit_common"))
        {
            return false;
        }

        Directory.CreateDirectory(target);
        foreach (var application in needed)
        {
            var source = available[application].Path;
            Directory.CreateSymbolicLink(Path.Combine(target, Path.GetFileName(source)), source);
        }

        return true;
    }

    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9_]*)-(?<version>\d+(\.\d+){0,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex ApplicationDirectory();

    [GeneratedRegex(@"\{\s*(included_)?applications\s*,\s*\[(?<apps>[^\]]*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex ApplicationList();
}
