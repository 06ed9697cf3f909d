using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;

namespace Saga.Persistence.Outbox;

/// <summary>
/// How delivered messages leave <c>outbox_messages</c>, in one place: with a
/// <see cref="TransactionalOutboxOptions{TDbContext}.DeliveredRetention"/>, a delivery marks them delivered and they stay
/// readable until cleanup deletes them past the retention; without, the delivery deletes them as it is recorded.
/// </summary>
internal sealed class DeliveredMessages(TimeSpan retention)
{
    const int MaxBatchesPerStatement = 250;

    bool Retained => retention > TimeSpan.Zero;

    /// <summary>
    /// Records whole batches delivered, with one statement per chunk of them: removes each batch that still carries the
    /// lease it was sent under, then marks or deletes the messages of those removed; a batch another instance took over is
    /// left alone, messages and all. The caller runs it in a transaction.
    /// </summary>
    public async Task RecordBatches(DbContext dbContext, ISqlDialect dialect, IReadOnlyList<DeliveredBatch> batches)
    {
        var statements = OutboxStatements.For(dbContext, dialect);
        var stride = Retained ? 3 : 2;
        // Short enough statements for any database's parser, and always under the dialect's parameter limit.
        var chunk = Math.Min(MaxBatchesPerStatement, dialect.MaxParameters / stride);
        foreach (var part in batches.Chunk(chunk))
        {
            var parameters = new object[part.Length * stride];
            for (var i = 0; i < part.Length; i++)
            {
                parameters[i * stride] = part[i].OutboxId;
                parameters[i * stride + 1] = part[i].LeaseId;
                if (Retained)
                    parameters[i * stride + 2] = part[i].DeliveredAt;
            }

            var sql = Retained ? statements.RecordDelivered(part.Length) : statements.DiscardDelivered(part.Length);
            await dbContext.Database.ExecuteSqlRawAsync(sql, parameters, CancellationToken.None);
        }
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
