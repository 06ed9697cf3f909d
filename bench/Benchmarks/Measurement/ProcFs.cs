using System.Globalization;

namespace Saga.Benchmarks.Measurement;

/// <summary>
/// Reads processes' memory and CPU time from Linux's <c>/proc</c> (<c>status</c>: VmRSS; <c>stat</c>: utime, stime, ppid).
/// Elsewhere, or for a process that has gone, readings are zero.
/// </summary>
public static class ProcFs
{
    // Linux reports CPU times in USER_HZ ticks, which its ABI fixes at 100 per second on every architecture.
    const double TicksPerSecond = 100;

    /// <summary>
    /// The processes' memory and CPU; with <paramref name="withReapedChildren"/> their CPU includes that of their children
    /// which ended and were waited for (cutime, cstime): PostgreSQL's backends that closed during a window are then counted
    /// in their postmaster.
    /// </summary>
    public static ProcessReading Read(IEnumerable<int> processIds, bool withReapedChildren = false)
    {
        long rss = 0;
        double cpu = 0;
        var count = 0;
        foreach (var id in processIds)
        {
            if (Stat(id) is not { } stat)
                continue;
            count++;
            cpu += (stat.UserTicks + stat.SystemTicks + (withReapedChildren ? stat.ChildUserTicks + stat.ChildSystemTicks : 0)) / TicksPerSecond;
            rss += ResidentBytes(id);
        }

        return new ProcessReading(rss, cpu, count);
    }

    /// <summary>The processes whose parent is <paramref name="parentId"/>.</summary>
    public static IEnumerable<int> ChildrenOf(int parentId) =>
        AllProcessIds().Where(id => Stat(id) is { } stat && stat.ParentId == parentId);

    /// <summary>The first process whose command line contains every one of <paramref name="fragments"/>.</summary>
    public static int? FindByCommandLine(params string[] fragments)
    {
        foreach (var id in AllProcessIds())
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText($"/proc/{id}/cmdline").Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (fragments.All(fragment => commandLine.Contains(fragment, StringComparison.Ordinal)))
                return id;
        }

        return null;
    }

    static IEnumerable<int> AllProcessIds()
    {
        if (!Directory.Exists("/proc"))
            yield break;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                yield return id;
        }
    }

    static (int ParentId, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks)? Stat(int id)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{id}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name, in parentheses, may hold spaces; the fields after it are: state ppid … utime (11th) stime (12th)
        // cutime (13th) cstime (14th).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[11], CultureInfo.InvariantCulture),
            long.Parse(fields[12], CultureInfo.InvariantCulture), long.Parse(fields[13], CultureInfo.InvariantCulture),
            long.Parse(fields[14], CultureInfo.InvariantCulture));
    }

    static long ResidentBytes(int id)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{id}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    continue;
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }
}
