using Microsoft.Extensions.Time.Testing;

namespace Saga.TestInfrastructure;

/// <summary>
/// The services' clock in tests: a <see cref="FakeTimeProvider"/> whose time stands still until the test moves it, while
/// elapsed time (<see cref="GetTimestamp"/>) and timers run on the system's clock — as on an instance whose clock is set
/// forward. That is what the tests need: the outbox's database clock re-measures its offset after a minute of elapsed
/// time, so fake elapsed time would take back every move of more than a minute (the database's own clock cannot be
/// moved), and the background loops' timers (the outbox clean-up's hour) would fire when a test moves the clock by hours.
/// </summary>
public sealed class FakeWallClock : FakeTimeProvider
{
    public FakeWallClock(DateTimeOffset start) => SetUtcNow(start);

    public override long GetTimestamp() => System.GetTimestamp();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
