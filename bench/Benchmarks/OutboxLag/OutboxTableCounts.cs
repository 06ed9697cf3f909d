using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// Rows in the outbox and inbox tables at the end of a run. Batches exist only until delivered, so a drained outbox has
/// none; delivered messages stay for <see cref="DeliveredRetention"/> and are then removed by cleanup, which bounds the
/// table at roughly the rate times the retention.
/// </summary>
public sealed record OutboxTableCounts(int OutboxMessages, int Undelivered, int PastRetention, int OutboxBatches, int InboxMessages,
    TimeSpan DeliveredRetention, TimeSpan CleanupInterval)
{
    public static async Task<OutboxTableCounts> ReadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<TransactionalOutboxOptions<OutboxLagDbContext>>();
        var cutoff = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime - options.DeliveredRetention;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxLagDbContext>();
        var messages = db.Set<OutboxMessage>();
        return new OutboxTableCounts(
            await messages.CountAsync(cancellationToken),
            await messages.CountAsync(x => x.DeliveredAt == null, cancellationToken),
            await messages.CountAsync(x => x.DeliveredAt != null && x.DeliveredAt < cutoff, cancellationToken),
            await db.Set<OutboxBatch>().CountAsync(cancellationToken),
            await db.Set<InboxMessage>().CountAsync(cancellationToken),
            options.DeliveredRetention,
            options.CleanupInterval);
    }
}
