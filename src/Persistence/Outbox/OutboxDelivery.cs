using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Telemetry;

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
    static readonly string _databaseName = OutboxMetrics.DatabaseName(typeof(TDbContext));

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

    /// <summary>
    /// Sends a batch the caller has just committed (under <see cref="TransactionalOutboxOptions{TDbContext}.DeliveryLease"/>,
    /// so no pass takes it meanwhile), in order, then records it as a pass would. A failed send hands the batch to the
    /// delivery loop with the error and a back-off; failing to record a delivery leaves the batch to the loop after the
    /// lease, which sends it again (receivers' inboxes absorb the repeat). Never throws: the consumed message committed.
    /// </summary>
    public async Task DeliverCommitted(DbContext dbContext, OutboxBatch batch, IReadOnlyList<OutboxMessage> messages)
    {
        var statements = OutboxStatements.For(dbContext);
        try
        {
            Exception? failure = null;
            try
            {
                foreach (var message in messages)
                    await Send(message);
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            using var gate = await SqliteWriteGate.EnterAsync(dbContext, CancellationToken.None);
            if (failure is null)
            {
                if (_options.DeliveredRetention <= TimeSpan.Zero)
                    await dbContext.Database.ExecuteSqlRawAsync(statements.DiscardDelivered, [batch.OutboxId], CancellationToken.None);
                else
                    await dbContext.Database.ExecuteSqlRawAsync(statements.RecordDelivered, [batch.OutboxId, _timeProvider.GetUtcNow().UtcDateTime],
                        CancellationToken.None);
                return;
            }

            await RecordFailure(dbContext, batch, messages, failure);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Recording the delivery of outbox batch {OutboxId} of {Context} failed; the delivery loop takes it after {Lease}",
                batch.OutboxId, typeof(TDbContext).Name, _options.DeliveryLease);
        }
        finally
        {
            // The rows changed behind the context's back: nothing it still tracks may be saved over them later.
            dbContext.ChangeTracker.Clear();
        }
    }

    async Task RecordFailure(DbContext dbContext, OutboxBatch batch, IReadOnlyList<OutboxMessage> messages, Exception failure)
    {
        var attempts = batch.DeliveryAttempts + 1;
        var retryAt = _timeProvider.GetUtcNow().UtcDateTime + RedeliveryDelay(attempts);
        var error = Truncate($"{failure.GetType().Name}: {failure.Message}", 2000);
        _logger.LogWarning(failure, "Outbox batch {OutboxId} of {Context} failed delivery attempt {Attempt}; retrying after {Delay}",
            batch.OutboxId, typeof(TDbContext).Name, attempts, RedeliveryDelay(attempts));

        // Keep what was sent marked as sent (or gone, without retention); the rest waits, in order, for the delivery loop.
        foreach (var sent in messages.Where(x => x.DeliveredAt is not null))
        {
            var row = dbContext.Set<OutboxMessage>().Where(x => x.SequenceNumber == sent.SequenceNumber);
            if (_options.DeliveredRetention <= TimeSpan.Zero)
                await row.ExecuteDeleteAsync(CancellationToken.None);
            else
                await row.ExecuteUpdateAsync(x => x.SetProperty(m => m.DeliveredAt, sent.DeliveredAt), CancellationToken.None);
        }

        await dbContext.Set<OutboxBatch>().Where(x => x.OutboxId == batch.OutboxId)
            .ExecuteUpdateAsync(x => x.SetProperty(b => b.DeliveryAttempts, attempts).SetProperty(b => b.LastError, error)
                .SetProperty(b => b.AvailableAt, retryAt), CancellationToken.None);
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
            // The send happens outside the consume that produced the message (in the delivery loop, often): parent it on the
            // trace context stored with the message, so it continues the producer's trace instead of starting one.
            using var activity = OutboxDeliveryActivity.Start(message, _databaseName);
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

            message.DeliveredAt = _timeProvider.GetUtcNow().UtcDateTime;
            OutboxMetrics.RecordLag(_databaseName, message.DeliveredAt.Value - message.SentTime);
            return;
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
