using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Saga.Persistence.Outbox;

/// <summary>
/// One delivery pass over a context's outbox: lock the oldest waiting batches (skipping those another instance holds),
/// send their messages — one after another within a batch, several batches at once — each awaited until the broker
/// confirmed it, then record the delivery and release the locks in one commit. A crash before that commit leaves the
/// batches waiting, and they are sent again: receivers' inboxes absorb the repeat.
/// </summary>
public sealed class OutboxDelivery<TDbContext>
    where TDbContext : DbContext
{
    readonly ISendEndpointProvider _endpoints;
    readonly ILogger _logger;
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly IServiceScopeFactory _scopeFactory;
    readonly TimeProvider _timeProvider;

    /// <param name="endpoints">The bus; tests put another provider (one that fails, say) in between.</param>
    public OutboxDelivery(IServiceScopeFactory scopeFactory, ISendEndpointProvider endpoints, TransactionalOutboxOptions<TDbContext> options,
        TimeProvider timeProvider, ILogger<OutboxDelivery<TDbContext>> logger)
    {
        _scopeFactory = scopeFactory;
        _endpoints = endpoints;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Delivers what one pass can lock; returns how many batches it locked (all delivered or failed).</summary>
    public async Task<DeliveryPassResult> DeliverOnce(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var statements = OutboxStatements.For(dbContext);

        using var gate = await SqliteWriteGate.EnterAsync(dbContext, cancellationToken);
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        List<OutboxBatch> batches = await dbContext.Set<OutboxBatch>()
            .FromSqlRaw(statements.LockBatches, _options.DeliveryBatchSize, now)
            .AsTracking()
            .ToListAsync(cancellationToken);
        if (batches.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return new DeliveryPassResult(0, 0, 0);
        }

        var ids = batches.Select(x => x.OutboxId).ToList();
        List<OutboxMessage> waiting = await dbContext.Set<OutboxMessage>()
            .Where(x => ids.Contains(x.OutboxId) && x.DeliveredAt == null)
            .OrderBy(x => x.SequenceNumber)
            .AsTracking()
            .ToListAsync(cancellationToken);
        ILookup<Guid, OutboxMessage> messagesByBatch = waiting.ToLookup(x => x.OutboxId);

        // Once batches are locked the pass runs to its commit, even when the service is stopping: what was sent is then
        // recorded as sent instead of being sent again after the restart. Each send is bounded by its own timeout.
        var failures = new ConcurrentDictionary<Guid, Exception>();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = _options.DeliveryConcurrency }, async (batch, _) =>
        {
            try
            {
                foreach (var message in messagesByBatch[batch.OutboxId])
                    await Send(message);
            }
            catch (Exception exception)
            {
                failures[batch.OutboxId] = exception;
            }
        });

        var delivered = 0;
        var deliveredAt = _timeProvider.GetUtcNow().UtcDateTime;
        foreach (var batch in batches)
        {
            foreach (var message in messagesByBatch[batch.OutboxId].Where(x => x.DeliveredAt is not null))
            {
                delivered++;
                if (_options.DeliveredRetention <= TimeSpan.Zero)
                    dbContext.Remove(message);
            }

            if (failures.TryGetValue(batch.OutboxId, out var failure))
            {
                // Keep what was sent marked as sent; the rest of the batch waits, in order, for its next attempt.
                batch.DeliveryAttempts++;
                batch.LastError = Truncate($"{failure.GetType().Name}: {failure.Message}", 2000);
                batch.AvailableAt = deliveredAt + RedeliveryDelay(batch.DeliveryAttempts);
                _logger.LogWarning(failure, "Outbox batch {OutboxId} of {Context} failed delivery attempt {Attempt}; retrying after {Delay}",
                    batch.OutboxId, typeof(TDbContext).Name, batch.DeliveryAttempts, RedeliveryDelay(batch.DeliveryAttempts));
            }
            else
            {
                dbContext.Remove(batch);
            }
        }

        await dbContext.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);

        return new DeliveryPassResult(batches.Count, delivered, failures.Count);
    }

    async Task Send(OutboxMessage message)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (message.DestinationAddress is null)
        {
            _logger.LogWarning("Outbox message {MessageId} has no destination; it is dropped", message.MessageId);
        }
        else if (message.ExpirationTime is { } expiration && expiration <= now)
        {
            _logger.LogWarning("Outbox message {MessageId} to {Destination} expired at {Expiration} before delivery; it is dropped",
                message.MessageId, message.DestinationAddress, expiration);
        }
        else
        {
            message.RestoreContext(SystemTextJsonMessageSerializer.Instance);
            using var timeout = new CancellationTokenSource(_options.MessageDeliveryTimeout);

            var endpoint = await _endpoints.GetSendEndpoint(message.DestinationAddress);
            // Returns once the broker confirmed the message (RabbitMQ publisher confirms are on).
            try
            {
                await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, message.DestinationAddress), timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // MassTransit keeps retrying a refused or broken channel until the timeout: say what timed out, for last_error.
                throw new TimeoutException(
                    $"The broker did not confirm message {message.MessageId} to {message.DestinationAddress} within {_options.MessageDeliveryTimeout} " +
                    "(unreachable, or refusing the publish: see the service log)");
            }
        }

        message.DeliveredAt = _timeProvider.GetUtcNow().UtcDateTime;
    }

    TimeSpan RedeliveryDelay(int attempts)
    {
        var delay = TimeSpan.FromMilliseconds(100 * Math.Pow(2, Math.Min(attempts - 1, 20)));
        return delay < _options.MaxRedeliveryDelay ? delay : _options.MaxRedeliveryDelay;
    }

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
