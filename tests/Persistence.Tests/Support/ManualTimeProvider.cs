namespace Saga.Persistence.Tests.Support;

/// <summary>
/// A clock the test moves by hand. Only the time it reports is manual; timers created from it still run on real time,
/// which the tests avoid depending on.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
