using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Inbox;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Keeps the inbox and outbox tables bounded: removes inbox rows older than the duplicate-detection window and delivered
/// outbox messages older than their retention (<see cref="DeliveredMessages"/>), a bounded number of rows per statement
/// so that no statement locks a large part of a table while consumers write to it.
/// </summary>
public sealed class OutboxCleanup<TDbContext>
    where TDbContext : DbContext
{
    readonly ISqlDialect _dialect;
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly IServiceScopeFactory _scopeFactory;
    readonly TimeProvider _timeProvider;

    public OutboxCleanup(IServiceScopeFactory scopeFactory, DbContextDialect<TDbContext> dialect, TransactionalOutboxOptions<TDbContext> options,
        TimeProvider timeProvider)
    {
        _scopeFactory = scopeFactory;
        _dialect = dialect.Dialect;
        _options = options;
        _timeProvider = timeProvider;
    }

    public async Task<CleanupResult> RunOnce(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var now = _timeProvider.GetUtcNow().UtcDateTime;

        var inboxCutoff = now - _options.DuplicateDetectionWindow;
        var inboxRows = await DeleteInBatches(dbContext, () => dbContext.Set<InboxMessage>()
            .Where(x => x.ConsumedAt < inboxCutoff)
            .OrderBy(x => x.ConsumedAt)
            .Take(_options.CleanupBatchSize)
            .ExecuteDeleteAsync(cancellationToken));

        var delivered = new DeliveredMessages(_options.DeliveredRetention);
        var outboxRows = await DeleteInBatches(dbContext, () => delivered.DeleteExpired(dbContext, now, _options.CleanupBatchSize, cancellationToken));

        return new CleanupResult(inboxRows, outboxRows);
    }

    async Task<int> DeleteInBatches(DbContext dbContext, Func<Task<int>> deleteBatch)
    {
        var total = 0;
        int deleted;
        do
        {
            using (await _dialect.EnterWriteAsync(dbContext, CancellationToken.None))
                deleted = await deleteBatch();
            total += deleted;
        }
        while (deleted == _options.CleanupBatchSize);

        return total;
    }
}
