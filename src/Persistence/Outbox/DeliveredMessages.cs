using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>
/// How delivered messages leave <c>outbox_messages</c>, in one place: with a
/// <see cref="TransactionalOutboxOptions{TDbContext}.DeliveredRetention"/>, a delivery marks them delivered and they stay
/// readable until cleanup deletes them past the retention; without, the delivery deletes them as it is recorded.
/// </summary>
internal sealed class DeliveredMessages(TimeSpan retention)
{
    bool Retained => retention > TimeSpan.Zero;

    /// <summary>
    /// Records a whole batch delivered: removes the batch if it still carries <paramref name="batch"/>'s lease, then marks
    /// or deletes its messages; a batch another instance took over is left alone, messages and all.
    /// </summary>
    public async Task RecordBatch(DbContext dbContext, OutboxStatements statements, OutboxBatch batch, DateTime deliveredAt)
    {
        if (Retained)
            await dbContext.Database.ExecuteSqlRawAsync(statements.RecordDelivered, [batch.OutboxId, deliveredAt, batch.LeaseId!], CancellationToken.None);
        else
            await dbContext.Database.ExecuteSqlRawAsync(statements.DiscardDelivered, [batch.OutboxId, batch.LeaseId!], CancellationToken.None);
    }

    /// <summary>Records one message of a batch that stays (its other messages failed) as delivered at its <see cref="OutboxMessage.DeliveredAt"/>.</summary>
    public async Task RecordSent(DbContext dbContext, OutboxMessage sent)
    {
        var row = dbContext.Set<OutboxMessage>().Where(x => x.SequenceNumber == sent.SequenceNumber);
        if (Retained)
            await row.ExecuteUpdateAsync(x => x.SetProperty(m => m.DeliveredAt, sent.DeliveredAt), CancellationToken.None);
        else
            await row.ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>Deletes up to <paramref name="limit"/> of the oldest messages delivered longer than the retention ago; returns how many.</summary>
    public Task<int> DeleteExpired(DbContext dbContext, DateTime now, int limit, CancellationToken cancellationToken)
    {
        var cutoff = now - retention;
        return dbContext.Set<OutboxMessage>()
            .Where(x => x.DeliveredAt != null && x.DeliveredAt < cutoff)
            .OrderBy(x => x.SequenceNumber)
            .Take(limit)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
