using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;

namespace Saga.Persistence.Outbox;

/// <summary>
/// The outbox's dead batches, for an operator: those that failed
/// <see cref="TransactionalOutboxOptions{TDbContext}.MaxDeliveryAttempts"/> times. They keep their messages and wait,
/// neither retried nor counted as stuck, until requeued — after the cause (a missing queue, a refused message) is fixed.
/// </summary>
public sealed class OutboxDeadLetters<TDbContext>
    where TDbContext : DbContext
{
    readonly DatabaseClock<TDbContext> _clock;
    readonly ISqlDialect _dialect;
    readonly IServiceScopeFactory _scopeFactory;
    readonly OutboxDeliverySignal<TDbContext> _signal;

    public OutboxDeadLetters(IServiceScopeFactory scopeFactory, DbContextDialect<TDbContext> dialect, DatabaseClock<TDbContext> clock,
        OutboxDeliverySignal<TDbContext> signal)
    {
        _scopeFactory = scopeFactory;
        _dialect = dialect.Dialect;
        _clock = clock;
        _signal = signal;
    }

    /// <summary>The dead batches, oldest first, each with its undelivered messages in order.</summary>
    public async Task<IReadOnlyList<DeadOutboxBatch>> List(CancellationToken cancellationToken = default)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        List<OutboxBatch> batches = await dbContext.Set<OutboxBatch>().AsNoTracking()
            .Where(x => x.DeadAt != null)
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.OutboxId)
            .ToListAsync(cancellationToken);
        var ids = batches.Select(x => x.OutboxId).ToList();
        List<OutboxMessage> messages = await dbContext.Set<OutboxMessage>().AsNoTracking()
            .Where(x => ids.Contains(x.OutboxId) && x.DeliveredAt == null)
            .OrderBy(x => x.SequenceNumber)
            .ToListAsync(cancellationToken);
        var byBatch = messages.ToLookup(x => x.OutboxId);
        return [.. batches.Select(x => new DeadOutboxBatch(x, [.. byBatch[x.OutboxId]]))];
    }

    /// <summary>
    /// Puts dead batches back in line with a fresh count of attempts (their last error stays until the next attempt):
    /// those given, or all when <paramref name="outboxIds"/> is empty. Returns how many were requeued; an id that is not
    /// a dead batch is skipped.
    /// </summary>
    public async Task<int> Requeue(IReadOnlyCollection<Guid> outboxIds, CancellationToken cancellationToken = default)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await _clock.SynchronizeIfDue(cancellationToken);
        var now = _clock.UtcNow;

        var dead = dbContext.Set<OutboxBatch>().Where(x => x.DeadAt != null);
        if (outboxIds.Count > 0)
            dead = dead.Where(x => outboxIds.Contains(x.OutboxId));

        int requeued;
        using (await _dialect.EnterWriteAsync(dbContext, cancellationToken))
        {
            requeued = await dead.ExecuteUpdateAsync(x => x.SetProperty(b => b.DeadAt, (DateTime?)null).SetProperty(b => b.DeliveryAttempts, 0)
                .SetProperty(b => b.AvailableAt, now), cancellationToken);
        }

        if (requeued > 0)
            _signal.Notify();
        return requeued;
    }
}
