using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>What a delivery lease must respect: the column its owner is stored in, and the deadlines waiting for its messages.</summary>
public static class OutboxLeaseRules
{
    /// <summary>The longest instance name a lease can store.</summary>
    public const int MaxInstanceIdLength = 200;

    /// <summary>
    /// The check a service makes against its shortest deadline that waits for this outbox's messages (the orchestrator's
    /// step deadlines): a lease must be at most a third of it, so that a crashed instance's messages go out again (after
    /// the lease) long before the deadline. Returns the failure, or null.
    /// </summary>
    public static string? CheckAgainstDeadline<TDbContext>(TransactionalOutboxOptions<TDbContext> options, TimeSpan shortestDeadline,
        string? section = null)
        where TDbContext : DbContext
    {
        if (options.DeliveryLease * 3 <= shortestDeadline)
            return null;

        return $"{OptionRules.PrefixFor(section, typeof(TransactionalOutboxOptions<TDbContext>))}{nameof(options.DeliveryLease)} ({options.DeliveryLease}) " +
               $"must be at most a third of the shortest step deadline ({shortestDeadline}), or a crashed instance's messages could miss it";
    }
}
