namespace Saga.Benchmarks.Measurement;

/// <summary>A group's resident memory (sum of VmRSS) and CPU time used so far (sum of utime + stime) at one moment.</summary>
public readonly record struct ProcessReading(long RssBytes, double CpuSeconds, int Processes);
