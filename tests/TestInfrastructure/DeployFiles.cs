namespace Saga.TestInfrastructure;

/// <summary>The files under <c>deploy/</c> in this checkout, found by walking up from the test's output to <c>Saga.sln</c>.</summary>
public static class DeployFiles
{
    static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    public static string Root => RepositoryRoot.Value;

    /// <summary>The full path of <paramref name="relative"/> (e.g. <c>systemd/saga-orchestrator.service</c>) under <c>deploy/</c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, "deploy", relative);

    /// <summary>
    /// The <c>NAME=value</c> lines of a systemd environment file (comments and blank lines skipped), as systemd reads
    /// them for the simple values these files hold: the value is the rest of the line after the first <c>=</c>.
    /// </summary>
    public static Dictionary<string, string> ReadEnvironmentFile(string relative)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(Path(relative)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                throw new FormatException($"{relative}: not NAME=value: {line}");
            variables[line[..separator]] = line[(separator + 1)..];
        }

        return variables;
    }

    static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Saga.sln")) && Directory.Exists(System.IO.Path.Combine(directory.FullName, "deploy")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"no Saga.sln with a deploy/ folder above {AppContext.BaseDirectory}");
    }
}
