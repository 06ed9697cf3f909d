namespace Saga.Benchmarks.Measurement;

/// <summary>
/// What a group of processes used over a window: resident memory when it began (after the warm-up), the most seen at a
/// one-second sample during it, and the CPU seconds spent in it. <paramref name="IsDriver"/> marks the benchmark's own
/// process, which is not part of the system measured.
/// </summary>
public sealed record ProcessUsage(string Name, long RssAtStartBytes, long PeakRssBytes, double CpuSeconds, int Processes, bool IsDriver = false)
{
    public double RssAtStartMiB => RssAtStartBytes / 1024.0 / 1024.0;

    public double PeakRssMiB => PeakRssBytes / 1024.0 / 1024.0;
}
