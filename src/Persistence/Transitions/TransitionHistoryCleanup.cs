using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;

namespace Saga.Persistence.Transitions;

/// <summary>
/// Keeps the transition history bounded: deletes transitions older than <see cref="TransitionHistoryOptions{TDbContext}.Retention"/>
/// in ascending id order, <see cref="TransitionHistoryOptions{TDbContext}.CleanupBatchSize"/> rows per statement and at
/// most <see cref="TransitionHistoryOptions{TDbContext}.MaxBatchesPerPass"/> statements per pass. Ids grow with time and
/// <c>occurred_at</c> has no index, so each statement reads the first rows by primary key and deletes those past the
/// retention (<see cref="ISqlDialect.DeleteFromKeyStart"/>); a pass ends at the first batch that was not all old. A
/// transition recorded out of order (a slow transaction, another instance's clock) waits until those before it go.
/// </summary>
public sealed class TransitionHistoryCleanup<TDbContext>
    where TDbContext : DbContext
{
    readonly ISqlDialect _dialect;
    readonly TransitionHistoryOptions<TDbContext> _options;
    readonly IServiceScopeFactory _scopeFactory;
    readonly TimeProvider _timeProvider;

    public TransitionHistoryCleanup(IServiceScopeFactory scopeFactory, DbContextDialect<TDbContext> dialect, TransitionHistoryOptions<TDbContext> options,
        TimeProvider timeProvider)
    {
        _scopeFactory = scopeFactory;
        _dialect = dialect.Dialect;
        _options = options;
        _timeProvider = timeProvider;
    }

    public async Task<TransitionCleanupResult> RunOnce(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        // Infinite, or longer than time has run: nothing can be old enough.
        if (_options.KeepsEverything || _options.Retention >= now - DateTime.MinValue)
            return default;
        var cutoff = now - _options.Retention;

        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var statement = TransitionCleanupStatement.For(dbContext, _dialect);

        var total = 0;
        for (var batch = 1; batch <= _options.MaxBatchesPerPass; batch++)
        {
            int deleted;
            using (await _dialect.EnterWriteAsync(dbContext, cancellationToken))
                deleted = await dbContext.Database.ExecuteSqlRawAsync(statement, [_options.CleanupBatchSize, cutoff], cancellationToken);
            total += deleted;
            if (deleted < _options.CleanupBatchSize)
                return new TransitionCleanupResult(total, batch, MoreLeft: false);
        }

        return new TransitionCleanupResult(total, _options.MaxBatchesPerPass, MoreLeft: true);
    }
}
