using System.Collections.Concurrent;

namespace Saga.Persistence.Tests.Support;

/// <summary>A one-shot crash a test arms at one <see cref="CrashPoint"/>; the next attempt that reaches it throws.</summary>
public sealed class CrashPlan
{
    const int Disarmed = -1;

    readonly ConcurrentQueue<CrashPoint> _crashed = new();
    int _armed = Disarmed;

    /// <summary>The crashes that happened, in order.</summary>
    public IReadOnlyList<CrashPoint> Crashed => [.. _crashed];

    public void Arm(CrashPoint point) => Volatile.Write(ref _armed, (int)point);

    public void CrashIfArmed(CrashPoint point)
    {
        if (Interlocked.CompareExchange(ref _armed, Disarmed, (int)point) != (int)point)
            return;

        _crashed.Enqueue(point);
        throw new InvalidOperationException($"Simulated crash ({point})");
    }
}
