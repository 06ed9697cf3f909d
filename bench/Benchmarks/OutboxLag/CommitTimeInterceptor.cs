using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// Stamps <see cref="OutboxLagDbContext.LastCommittedAt"/> the moment COMMIT returned, before EF Core raises
/// <c>SavedChanges</c> (which is when the bus outbox wakes delivery), so the measured lag starts at the commit itself.
/// </summary>
public sealed class CommitTimeInterceptor(TimeProvider clock) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Stamp(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Stamp(eventData);
        return Task.CompletedTask;
    }

    void Stamp(TransactionEndEventData eventData)
    {
        if (eventData.Context is OutboxLagDbContext context)
            context.LastCommittedAt = clock.GetUtcNow().UtcDateTime;
    }
}
