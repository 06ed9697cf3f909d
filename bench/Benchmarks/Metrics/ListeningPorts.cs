using System.Globalization;

namespace Saga.Benchmarks.Metrics;

/// <summary>
/// The TCP ports a process listens on, from <c>/proc</c>: its socket descriptors' inodes matched against the listening
/// sockets of its network namespace (<c>/proc/PID/net/tcp</c>, <c>tcp6</c>). A service started with its operations
/// listener on port 0 is found this way without it having to say which port the system gave it.
/// </summary>
public static class ListeningPorts
{
    const string Listen = "0A";

    public static IReadOnlyList<int> Of(int processId)
    {
        var inodes = SocketInodes(processId);
        if (inodes.Count == 0)
            return [];
        var ports = new SortedSet<int>();
        foreach (var table in new[] { "tcp", "tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines($"/proc/{processId}/net/{table}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
            foreach (var line in lines.Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != Listen || !inodes.Contains(fields[9]))
                    continue;
                var local = fields[1];
                var port = local[(local.LastIndexOf(':') + 1)..];
                if (int.TryParse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var number))
                    ports.Add(number);
            }
        }

        return [.. ports];
    }

    static HashSet<string> SocketInodes(int processId)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var descriptor in Directory.EnumerateFiles($"/proc/{processId}/fd"))
            {
                // "socket:[12345]"
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                    inodes.Add(target["socket:[".Length..^1]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours: no ports.
        }

        return inodes;
    }
}
