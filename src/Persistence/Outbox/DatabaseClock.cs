using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;

namespace Saga.Persistence.Outbox;

/// <summary>
/// The database's clock as seen from this instance: the <see cref="TimeProvider"/>'s time corrected by the difference to
/// the database's own time, measured at start-up and again every minute. Leases, back-offs and due times are compared on
/// it, so instances whose clocks disagree still agree on when a lease ran out or a deadline fell due — without asking the
/// database for the time on every commit.
/// </summary>
public class DatabaseClock
{
    static readonly TimeSpan _resyncInterval = TimeSpan.FromMinutes(1);

    readonly TimeProvider _timeProvider;
    long _offsetTicks;
    long _syncedAtTimestamp = long.MinValue;

    /// <summary>A clock that reads as <paramref name="timeProvider"/> until it is synchronized with a database.</summary>
    public DatabaseClock(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>The database's current UTC time, as well as the last measurement tells.</summary>
    public DateTime UtcNow => _timeProvider.GetUtcNow().UtcDateTime + Offset;

    /// <summary>How far the database's clock is ahead of this instance's (negative: behind), in whole milliseconds.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Whether the offset was never measured, or the last measurement is a minute old.</summary>
    protected bool SynchronizationDue
    {
        get
        {
            // Elapsed time, not the clock's reading: a clock set forward is what the offset corrects, not a reason to measure.
            var syncedAt = Interlocked.Read(ref _syncedAtTimestamp);
            return syncedAt == long.MinValue || _timeProvider.GetElapsedTime(syncedAt) >= _resyncInterval;
        }
    }

    /// <summary>Reads the database's time, in its <paramref name="dialect"/>, and keeps the difference to this instance's clock.</summary>
    public async Task Synchronize(DbContext dbContext, ISqlDialect dialect, CancellationToken cancellationToken)
    {
        var before = _timeProvider.GetUtcNow();
        var database = await dbContext.Database.SqlQueryRaw<DateTime>(dialect.ReadClock).SingleAsync(cancellationToken);
        var after = _timeProvider.GetUtcNow();

        // The database read its clock somewhere during the round trip: assume the middle. Whole milliseconds, so that times
        // on this clock are stored exactly by every provider.
        var local = before + (after - before) / 2;
        var offset = DateTime.SpecifyKind(database, DateTimeKind.Utc) - local.UtcDateTime;
        Interlocked.Exchange(ref _offsetTicks, TimeSpan.FromMilliseconds(Math.Round(offset.TotalMilliseconds)).Ticks);
        Interlocked.Exchange(ref _syncedAtTimestamp, _timeProvider.GetTimestamp());
    }
}

/// <summary>The clock of <typeparamref name="TDbContext"/>'s database (see <see cref="DatabaseClock"/>).</summary>
public sealed class DatabaseClock<TDbContext>(IServiceScopeFactory scopeFactory, DbContextDialect<TDbContext> dialect, TimeProvider timeProvider)
    : DatabaseClock(timeProvider)
    where TDbContext : DbContext
{
    /// <summary>Measures the offset again if it was never measured or the last measurement is a minute old.</summary>
    public async Task SynchronizeIfDue(CancellationToken cancellationToken)
    {
        if (!SynchronizationDue)
            return;

        await using var scope = scopeFactory.CreateAsyncScope();
        await Synchronize(scope.ServiceProvider.GetRequiredService<TDbContext>(), dialect.Dialect, cancellationToken);
    }
}
