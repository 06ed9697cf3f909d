using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Outbox;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>Reads the outbox's own record of delivery: <c>outbox_messages.delivered_at</c>, the broker's confirm time.</summary>
public sealed class DeliveryReader(IServiceScopeFactory scopes)
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until no outbox message is left undelivered; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitUntilAllDeliveredAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<OutboxLagDbContext>();
                if (!await db.Set<OutboxMessage>().AnyAsync(x => x.DeliveredAt == null, cancellationToken))
                    return true;
            }

            if (waiting.Elapsed > timeout)
                return false;

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Every delivered outbox message by its message id.</summary>
    public async Task<Dictionary<Guid, DeliveredMessage>> ReadDeliveredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxLagDbContext>();
        return await db.Set<OutboxMessage>()
            .AsNoTracking()
            .Where(x => x.DeliveredAt != null)
            .Select(x => new DeliveredMessage(x.MessageId, x.SentTime, x.DeliveredAt!.Value))
            .ToDictionaryAsync(x => x.MessageId, cancellationToken);
    }
}
