using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests.Support;

/// <summary>What the ledger has committed, counted through a fresh context, and how many messages the broker accepted.</summary>
public sealed record LedgerSnapshot(int Charges, int InboxRows, int OutboxMessages, int OutboxBatches, int Sent)
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
            services.GetRequiredService<TestBroker>().Sent.Count);
    }
}
