using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Telemetry;

namespace Saga.Persistence.Outbox;

/// <summary>
/// The number of undelivered messages in one context's outbox, for the <c>saga.outbox.backlog</c> gauge. The delivery
/// loop counts at most once per <see cref="TransactionalOutboxOptions{TDbContext}.BacklogInterval"/> and only while the
/// gauge has a listener, so a scrape never queries the database.
/// </summary>
public sealed class OutboxBacklog<TDbContext> : IDisposable
    where TDbContext : DbContext
{
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly IServiceScopeFactory _scopeFactory;
    readonly TimeProvider _timeProvider;
    readonly IDisposable _registration;
    long _count;
    DateTimeOffset _countedAt = DateTimeOffset.MinValue;

    public OutboxBacklog(IServiceScopeFactory scopeFactory, TransactionalOutboxOptions<TDbContext> options, TimeProvider timeProvider)
    {
        _scopeFactory = scopeFactory;
        _options = options;
        _timeProvider = timeProvider;
        _registration = OutboxMetrics.AddBacklogSource(OutboxMetrics.DatabaseName(typeof(TDbContext)), () => Interlocked.Read(ref _count));
    }

    /// <summary>Counts again when someone listens and the last count is older than the interval.</summary>
    public async Task MeasureIfDue(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (!OutboxMetrics.BacklogObserved || now - _countedAt < _options.BacklogInterval)
            return;

        _countedAt = now;
        await using var scope = _scopeFactory.CreateAsyncScope();
        var count = await scope.ServiceProvider.GetRequiredService<TDbContext>().Set<OutboxMessage>()
            .LongCountAsync(x => x.DeliveredAt == null, cancellationToken);
        Interlocked.Exchange(ref _count, count);
    }

    public void Dispose() => _registration.Dispose();
}
