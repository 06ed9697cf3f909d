using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>
/// What a context's outbox holds, as an operator judges it (the readiness check): when the oldest batch still waiting for
/// delivery was written, and how many batches are dead (failed every allowed attempt, waiting for an operator to requeue them).
/// </summary>
/// <param name="OldestWaitingCreatedAt">When the oldest batch that is neither delivered nor dead was written (UTC); null when none waits.</param>
public sealed record OutboxStatus(DateTime? OldestWaitingCreatedAt, int DeadBatches)
{
    /// <summary>Whether <paramref name="dbContext"/>'s model has the outbox tables; reading the model needs no connection.</summary>
    public static bool IsMapped(DbContext dbContext) => dbContext.Model.FindEntityType(typeof(OutboxBatch)) is not null;

    public static async Task<OutboxStatus> Read(DbContext dbContext, CancellationToken cancellationToken)
    {
        var oldest = await dbContext.Set<OutboxBatch>().AsNoTracking()
            .Where(b => b.DeadAt == null)
            .OrderBy(b => b.CreatedAt)
            .Select(b => (DateTime?)b.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var dead = await dbContext.Set<OutboxBatch>().CountAsync(b => b.DeadAt != null, cancellationToken);
        return new OutboxStatus(oldest is { } createdAt ? DateTime.SpecifyKind(createdAt, DateTimeKind.Utc) : null, dead);
    }
}
