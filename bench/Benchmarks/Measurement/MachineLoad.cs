using System.Diagnostics;
using System.Globalization;

namespace Saga.Benchmarks.Measurement;

/// <summary>
/// How busy the machine was: the one-minute load average (Linux, <c>/proc/loadavg</c>) and this process's CPU time.
/// Broker, database and benchmark share the CPUs, so anything else running shows up in the figures; this says whether it did.
/// </summary>
public readonly record struct MachineLoad(double? LoadAverage, TimeSpan ProcessCpu)
{
    public static MachineLoad Read()
    {
        double? loadAverage = null;
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ', 2)[0];
            if (double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                loadAverage = value;
        }
        catch (IOException)
        {
            // Not Linux: the report says n/a.
        }
        catch (UnauthorizedAccessException)
        {
        }

        using var process = Process.GetCurrentProcess();
        return new MachineLoad(loadAverage, process.TotalProcessorTime);
    }
}
