using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// What the ledger has committed, counted through a fresh context, and how many messages the broker accepted.
/// <paramref name="Scheduled"/> counts the durable scheduler's pending schedules, none unless a test schedules.
/// </summary>
public sealed record LedgerSnapshot(int Charges, int InboxRows, int OutboxMessages, int OutboxBatches, int Sent, int Scheduled = 0)
{
    public static readonly LedgerSnapshot Empty = new(0, 0, 0, 0, 0);

    public static async Task<LedgerSnapshot> TakeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        return new LedgerSnapshot(
            await db.Charges.CountAsync(),
            await db.Set<InboxMessage>().CountAsync(),
            await db.Set<OutboxMessage>().CountAsync(),
            await db.Set<OutboxBatch>().CountAsync(),
            services.GetRequiredService<TestBroker>().Sent.Count,
            await db.Set<ScheduledMessage>().CountAsync());
    }
}
