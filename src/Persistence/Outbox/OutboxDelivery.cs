using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;
using Saga.Persistence.Retry;
using Saga.Persistence.Telemetry;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Sends what a context's outbox holds. A delivery pass claims the oldest waiting batches (skipping those another instance
/// is claiming at that moment) by putting its lease on them and committing, sends their messages — one after another
/// within a batch, several batches at once — each awaited until the broker confirmed it, then records the batches that
/// still carry its lease, with one statement in one transaction. No lock and no SQLite write gate is held while the
/// broker is waited for. An instance sends only while its lease lasts and records only under its lease, so once a lease
/// ran out and another instance took the batch over, the first one stops. A crash before the record leaves the batch leased until the lease runs out (or the
/// instance restarts under its name), and it is sent again: receivers' inboxes absorb the repeat.
/// </summary>
public sealed partial class OutboxDelivery<TDbContext>
    where TDbContext : DbContext
{
    static readonly string _databaseName = OutboxMetrics.DatabaseName(typeof(TDbContext));

    readonly DatabaseClock<TDbContext> _clock;
    readonly DeliveredMessages _delivered;
    readonly ISqlDialect _dialect;
    readonly ISendEndpointProvider _endpoints;
    readonly ILogger _logger;
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly IServiceScopeFactory _scopeFactory;
    readonly TimeProvider _timeProvider;

    /// <param name="endpoints">The bus; tests put another provider (one that fails, say) in between.</param>
    public OutboxDelivery(IServiceScopeFactory scopeFactory, DbContextDialect<TDbContext> dialect, ISendEndpointProvider endpoints,
        TransactionalOutboxOptions<TDbContext> options, TimeProvider timeProvider, DatabaseClock<TDbContext> clock, ILogger<OutboxDelivery<TDbContext>> logger)
    {
        _scopeFactory = scopeFactory;
        _dialect = dialect.Dialect;
        _endpoints = endpoints;
        _options = options;
        _timeProvider = timeProvider;
        _clock = clock;
        _logger = logger;
        _delivered = new DeliveredMessages(options.DeliveredRetention);
    }

    /// <summary>Delivers what one pass can claim; returns how many batches it claimed, messages it delivered and batches that failed.</summary>
    public async Task<DeliveryPassResult> DeliverOnce(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();

        var (batches, messagesByBatch) = await Claim(dbContext, cancellationToken);
        if (batches.Count == 0)
            return new DeliveryPassResult(0, 0, 0);

        // Once batches are claimed the pass runs to its record, even when the service is stopping: what was sent is then
        // recorded as sent instead of being sent again after the restart. Each send is bounded by its own timeout.
        var outcomes = new ConcurrentDictionary<Guid, Exception?>();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = _options.DeliveryConcurrency }, async (batch, _) =>
            outcomes[batch.OutboxId] = await SendBatch(batch, messagesByBatch[batch.OutboxId].ToList()));

        var delivered = 0;
        var failed = 0;
        var deliveredAt = _timeProvider.GetUtcNow().UtcDateTime;
        var sent = new List<DeliveredBatch>(batches.Count);
        using (await _dialect.EnterWriteAsync(dbContext, CancellationToken.None))
        await using (var transaction = await dbContext.Database.BeginTransactionAsync(CancellationToken.None))
        {
            foreach (var batch in batches)
            {
                var messages = messagesByBatch[batch.OutboxId].ToList();
                switch (outcomes[batch.OutboxId])
                {
                    case null:
                        sent.Add(new DeliveredBatch(batch.OutboxId, batch.LeaseId!.Value, deliveredAt));
                        delivered += messages.Count;
                        break;
                    case LeaseLostException:
                        LogLeaseLost(_logger, batch.OutboxId, typeof(TDbContext).Name);
                        break;
                    case var failure:
                        failed++;
                        delivered += messages.Count(x => x.DeliveredAt is not null);
                        await RecordFailure(dbContext, batch, messages, failure);
                        break;
                }
            }

            // All delivered batches of the pass with one statement (per chunk), after the failures: each touches other batches.
            if (sent.Count > 0)
                await _delivered.RecordBatches(dbContext, _dialect, sent);
            await transaction.CommitAsync(CancellationToken.None);
        }

        return new DeliveryPassResult(batches.Count, delivered, failed);
    }

    /// <summary>
    /// Sends a batch the caller has just committed under its lease (see <see cref="OutboxLease"/>), in order, then queues
    /// it on <paramref name="recorder"/>, which records it with other delivered batches in one transaction (or records it
    /// here, in its own, when the recorder does not run). A failed send hands the batch to the delivery loop with the
    /// error and a back-off; failing to record a delivery leaves the batch to the loop after the lease, which sends it
    /// again (receivers' inboxes absorb the repeat). Never throws: the consumed message committed.
    /// </summary>
    public async Task DeliverCommitted(DbContext dbContext, OutboxBatch batch, IReadOnlyList<OutboxMessage> messages,
        OutboxDeliveryRecorder<TDbContext> recorder)
    {
        try
        {
            var outcome = await SendBatch(batch, messages);
            if (outcome is LeaseLostException)
            {
                LogLeaseLost(_logger, batch.OutboxId, typeof(TDbContext).Name);
                return;
            }

            var sent = new DeliveredBatch(batch.OutboxId, batch.LeaseId!.Value, _timeProvider.GetUtcNow().UtcDateTime);
            if (outcome is null && await recorder.Queue(sent))
                return;

            using (await _dialect.EnterWriteAsync(dbContext, CancellationToken.None))
            await using (var transaction = await dbContext.Database.BeginTransactionAsync(CancellationToken.None))
            {
                if (outcome is null)
                    await _delivered.RecordBatches(dbContext, _dialect, [sent]);
                else
                    await RecordFailure(dbContext, batch, messages, outcome);
                await transaction.CommitAsync(CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Recording the delivery of outbox batch {OutboxId} of {Context} failed; the delivery loop takes it after {Lease}",
                batch.OutboxId, typeof(TDbContext).Name, _options.DeliveryLease);
        }
        finally
        {
            // The rows change behind the context's back (here or in the recorder): nothing it still tracks may be saved over them later.
            dbContext.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Gives back the leases an earlier run of this instance (same <see cref="TransactionalOutboxOptions{TDbContext}.InstanceId"/>)
    /// held when it stopped, so that what it had committed and not sent goes out now rather than when the leases run out.
    /// Leases taken by this run (its consumers may already be committing) end later than any of those and are kept.
    /// </summary>
    public async Task<int> ReclaimOwnLeases(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var now = _clock.UtcNow;
        var takenBeforeNow = now + _options.DeliveryLease;

        using (await _dialect.EnterWriteAsync(dbContext, cancellationToken))
        {
            var reclaimed = await dbContext.Set<OutboxBatch>()
                .Where(x => x.LeaseOwner == _options.InstanceId && x.DeadAt == null && x.AvailableAt < takenBeforeNow)
                .ExecuteUpdateAsync(x => x.SetProperty(b => b.AvailableAt, now).SetProperty(b => b.LeaseOwner, (string?)null)
                    .SetProperty(b => b.LeaseId, (Guid?)null), cancellationToken);
            if (reclaimed > 0)
                LogReclaimed(_logger, reclaimed, typeof(TDbContext).Name, _options.InstanceId);
            return reclaimed;
        }
    }

    /// <summary>Locks the oldest due batches, puts this pass's lease on them and commits; returns them with their waiting messages.</summary>
    async Task<(List<OutboxBatch> Batches, ILookup<Guid, OutboxMessage> Messages)> Claim(DbContext dbContext, CancellationToken cancellationToken)
    {
        var statements = OutboxStatements.For(dbContext, _dialect);
        using var gate = await _dialect.EnterWriteAsync(dbContext, cancellationToken);
        await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);

        var now = _clock.UtcNow;
        List<OutboxBatch> batches = await dbContext.Set<OutboxBatch>()
            .FromSqlRaw(statements.LockBatches, _options.DeliveryBatchSize, now)
            .AsTracking()
            .ToListAsync(cancellationToken);
        if (batches.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return (batches, Array.Empty<OutboxMessage>().ToLookup(x => x.OutboxId));
        }

        foreach (var batch in batches)
        {
            batch.AvailableAt = now + _options.DeliveryLease;
            batch.LeaseOwner = _options.InstanceId;
            batch.LeaseId = NewId.NextGuid();
        }

        var ids = batches.Select(x => x.OutboxId).ToList();
        List<OutboxMessage> waiting = await dbContext.Set<OutboxMessage>()
            .Where(x => ids.Contains(x.OutboxId) && x.DeliveredAt == null)
            .OrderBy(x => x.SequenceNumber)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        await dbContext.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        dbContext.ChangeTracker.Clear();
        return (batches, waiting.ToLookup(x => x.OutboxId));
    }

    /// <summary>
    /// Sends the messages in order while the batch's lease lasts; returns null when all went out, a
    /// <see cref="LeaseLostException"/> when the lease ran out first (another instance may be sending the batch now), or
    /// the send's failure.
    /// </summary>
    async Task<Exception?> SendBatch(OutboxBatch batch, IReadOnlyList<OutboxMessage> messages)
    {
        try
        {
            foreach (var message in messages)
            {
                if (_clock.UtcNow >= batch.AvailableAt)
                    return new LeaseLostException();
                await Send(message);
            }

            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>
    /// Counts the failed attempt on the batch and gives up the lease (with a back-off, or dead after the last allowed
    /// attempt), then keeps what was sent marked as sent; nothing, when another instance took the batch over meanwhile.
    /// The batch row first, its messages second, as everywhere.
    /// </summary>
    async Task RecordFailure(DbContext dbContext, OutboxBatch batch, IReadOnlyList<OutboxMessage> messages, Exception failure)
    {
        var attempts = batch.DeliveryAttempts + 1;
        var now = _clock.UtcNow;
        var dead = attempts >= _options.MaxDeliveryAttempts;
        var retryAt = dead ? now : now + RedeliveryDelay(attempts);
        var error = Truncate($"{failure.GetType().Name}: {failure.Message}", 2000);

        var updated = await dbContext.Set<OutboxBatch>().Where(x => x.OutboxId == batch.OutboxId && x.LeaseId == batch.LeaseId)
            .ExecuteUpdateAsync(x => x.SetProperty(b => b.DeliveryAttempts, attempts).SetProperty(b => b.LastError, error)
                .SetProperty(b => b.AvailableAt, retryAt).SetProperty(b => b.LeaseOwner, (string?)null).SetProperty(b => b.LeaseId, (Guid?)null)
                .SetProperty(b => b.DeadAt, dead ? now : null), CancellationToken.None);
        if (updated == 0)
        {
            LogLeaseLost(_logger, batch.OutboxId, typeof(TDbContext).Name);
            return;
        }

        if (dead)
            LogDead(_logger, failure, batch.OutboxId, typeof(TDbContext).Name, attempts);
        else
            LogFailed(_logger, failure, batch.OutboxId, typeof(TDbContext).Name, attempts, RedeliveryDelay(attempts));

        // Keep what was sent marked as sent (or gone, without retention); the rest waits, in order, for the next attempt.
        foreach (var sent in messages.Where(x => x.DeliveredAt is not null))
            await _delivered.RecordSent(dbContext, sent);
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
                IPipe<SendContext> pipe = new OutboxMessageSendPipe(message, message.DestinationAddress);
                await endpoint.Send(new SerializedMessageBody(), message.Published ? pipe : new MandatorySendPipe(pipe), timeout.Token);
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

    TimeSpan RedeliveryDelay(int attempts) => Backoff.Delay(attempts - 1, _options.MaxRedeliveryDelay);

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox batch {OutboxId} of {Context} failed delivery attempt {Attempt}; retrying after {Delay}")]
    static partial void LogFailed(ILogger logger, Exception failure, Guid outboxId, string context, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Outbox batch {OutboxId} of {Context} failed its last allowed delivery attempt ({Attempt}); it is dead until an operator requeues it")]
    static partial void LogDead(ILogger logger, Exception failure, Guid outboxId, string context, int attempt);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The lease on outbox batch {OutboxId} of {Context} ran out before it was delivered; it is left to whichever instance took it over")]
    static partial void LogLeaseLost(ILogger logger, Guid outboxId, string context);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Took back {Count} outbox batch lease(s) of {Context} that instance {InstanceId} held when it last stopped; delivering them now")]
    static partial void LogReclaimed(ILogger logger, int count, string context, string instanceId);
}
