using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Lets another part of the engine take part in the transaction each message consumed through
/// <typeparamref name="TDbContext"/>'s outbox runs in, without the outbox knowing that part: the durable scheduler writes
/// the schedules a consumer makes into it. That part registers its hook in its own <c>Add…</c> method.
/// </summary>
public interface IOutboxConsumeHook<in TDbContext>
    where TDbContext : DbContext
{
    /// <summary>
    /// Called inside the transaction, once the message's inbox row is claimed and before the consumer runs. Returns what is
    /// told when this attempt ends, or null to take no part in it.
    /// </summary>
    /// <param name="dbContext">The context the attempt's transaction runs on.</param>
    /// <param name="consumeContext">The consumed message's context, which carries the attempt's payloads.</param>
    /// <param name="outboxContext">The context the consumer runs with: what it sends goes to the outbox.</param>
    IOutboxConsumeAttempt? Begin(TDbContext dbContext, ConsumeContext consumeContext, ConsumeContext outboxContext);
}
