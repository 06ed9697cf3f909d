namespace Saga.Orchestrator.Tests.Support;

/// <summary>
/// The services' clock, which a test moves on: the durable scheduler compares its stored due times with it, so a test
/// passes a deadline without waiting for it. Timers still run in real time.
/// </summary>
public sealed class TestClock : TimeProvider
{
    long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
