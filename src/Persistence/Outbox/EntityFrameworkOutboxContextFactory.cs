using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;
using Saga.Persistence.Transactions;

namespace Saga.Persistence.Outbox;

/// <summary>
/// MassTransit's outbox extension point, on EF Core: each consumed message runs in one transaction that claims its inbox
/// row, runs the consumer (or saga), and stores what it sent in the outbox; the registered
/// <see cref="IOutboxConsumeHook{TDbContext}"/>s take part in that transaction. A message whose inbox row already exists
/// took effect before and is acknowledged without running anything; a concurrent duplicate waits on the inbox row's key
/// until the first commits or rolls back. After the commit, <see cref="AfterCommitDelivery{TDbContext}"/> sends the stored
/// messages (or leaves them to the delivery loop), and only then is the message acknowledged.
/// </summary>
public sealed class EntityFrameworkOutboxContextFactory<TDbContext> : IOutboxContextFactory<TDbContext>
    where TDbContext : DbContext
{
    readonly AfterCommitDelivery<TDbContext> _afterCommitDelivery;
    readonly DatabaseClock<TDbContext> _clock;
    readonly TDbContext _dbContext;
    readonly ISqlDialect _dialect;
    readonly IOutboxConsumeHook<TDbContext>[] _hooks;
    readonly ILogger _logger;
    readonly IServiceProvider _provider;
    readonly TimeProvider _timeProvider;

    public EntityFrameworkOutboxContextFactory(TDbContext dbContext, DbContextDialect<TDbContext> dialect, IServiceProvider provider,
        AfterCommitDelivery<TDbContext> afterCommitDelivery, IEnumerable<IOutboxConsumeHook<TDbContext>> hooks, TimeProvider timeProvider,
        DatabaseClock<TDbContext> clock, ILogger<EntityFrameworkOutboxContextFactory<TDbContext>> logger)
    {
        _dialect = dialect.Dialect;
        _afterCommitDelivery = afterCommitDelivery;
        _clock = clock;
        _dbContext = dbContext;
        _hooks = [.. hooks];
        _provider = provider;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateScope("outbox");
        scope.Add("persistence", "entity-framework-core");
        scope.Add("dbContext", typeof(TDbContext).Name);
    }

    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId()
                        ?? throw new MessageException(typeof(T), "The inbox needs a message id to recognise a redelivered message");

        if (await ConsumeOnce(context, options, next, messageId) is { } written)
            await _afterCommitDelivery.Deliver(_dbContext, written);

        // Consumed and committed now, or before: let the pipe acknowledge it (it notifies observers and stops the loop).
        await next.Send(new DbContextOutboxConsumeContext<T>(context, options, _provider));
    }

    /// <summary>
    /// Runs the consumer inside the inbox transaction, unless the inbox shows the message was consumed already; returns
    /// what the consumer wrote to the outbox, or null when it did not run.
    /// </summary>
    async Task<OutboxWriter?> ConsumeOnce<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next, Guid messageId)
        where T : class
    {
        var statements = OutboxStatements.For(_dbContext, _dialect);
        var cancellationToken = context.CancellationToken;
        OutboxWriter writer;
        List<IOutboxConsumeAttempt> attempts = [];

        using (await _dialect.EnterWriteAsync(_dbContext, cancellationToken))
        using (AutoSavepointsOff.For(_dbContext))
        await using (var transaction = await _dbContext.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                var now = _timeProvider.GetUtcNow().UtcDateTime;
                var claimed = await _dbContext.Database.ExecuteSqlRawAsync(statements.ClaimInbox,
                    [messageId, options.ConsumerId, options.ConsumerType ?? "", now], cancellationToken);
                // Only "no row" means the message was consumed before. Anything but one row is not an answer the claim
                // can give (SQL Server with NOCOUNT ON reports -1): acknowledging on it would drop the message unrun.
                if (claimed is not (0 or 1))
                {
                    throw new InvalidOperationException(
                        $"Claiming the inbox row of message {messageId} reported {claimed} rows instead of 0 or 1; is NOCOUNT on for this connection?");
                }

                if (claimed == 0)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    _logger.LogDebug("Message {MessageId} was already consumed by {Consumer}; acknowledged without running it again",
                        messageId, options.ConsumerType);
                    return null;
                }

                // Leased to this instance when it sends the batch right after the commit; the loop takes it only if that never happens.
                writer = new OutboxWriter(_dbContext, _timeProvider, _clock, _afterCommitDelivery.Lease(), messageId, options.ConsumerId,
                    context.GetPayload<IBusTopology>());
                var outboxContext = new DbContextOutboxConsumeContext<T>(context, options, _provider, writer,
                    () => _dbContext.SaveChangesAsync(cancellationToken));
                foreach (var hook in _hooks)
                {
                    if (hook.Begin(_dbContext, context, outboxContext) is { } attempt)
                        attempts.Add(attempt);
                }

                // A new one per attempt: what a failed attempt asked for is dropped with it.
                var afterCommit = new AfterCommit();
                context.AddOrUpdatePayload(() => afterCommit, _ => afterCommit);

                await next.Send(outboxContext);

                if (!outboxContext.IsMessageConsumed)
                    throw new InvalidOperationException("The outbox pipe returned without consuming the message");

                // Consumed means saved: SetConsumed saves the unit of work as the pipe's last step, and nothing runs between
                // it and here, so a second SaveChanges would only scan every tracked entity again to find nothing to write.
                await transaction.CommitAsync(cancellationToken);
                afterCommit.Run();
            }
            catch
            {
                // Nothing of this attempt stays: not the inbox row, not the state, not the messages. The retry policy
                // (or a redelivery) runs the message again on a clean context.
                await RollBackQuietly(transaction);
                _dbContext.ChangeTracker.Clear();
                throw;
            }
            finally
            {
                foreach (var attempt in attempts)
                    attempt.Ended();
            }
        }

        foreach (var attempt in attempts)
            attempt.Committed();
        return writer;
    }

    static async Task RollBackQuietly(IDbContextTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // The connection may be gone already, which rolls back as well.
        }
    }
}
