using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Records the batches a context's consuming instances delivered right after their commits, many per transaction: each
/// delivered batch is queued, and one loop records what queued — once <see cref="TransactionalOutboxOptions{TDbContext}.DeliveryRecordBatchSize"/>
/// are there, or <see cref="TransactionalOutboxOptions{TDbContext}.DeliveryRecordLinger"/> after the first — with one
/// set-based statement per chunk, under each batch's lease. The messages went out (the broker confirmed them) before a
/// batch is queued, so a record that comes late or fails loses nothing: the batch stays leased, the delivery loop sends it
/// again after the lease (or at once after a restart under the same instance name), and receivers' inboxes absorb the
/// repeat. <see cref="OutboxDeliveryService{TDbContext}"/> starts the loop and, stopping, records what is still queued;
/// while it does not run, <see cref="Queue"/> refuses and the caller records the batch itself.
/// </summary>
public sealed partial class OutboxDeliveryRecorder<TDbContext>
    where TDbContext : DbContext
{
    readonly DeliveredMessages _delivered;
    readonly ISqlDialect _dialect;
    readonly ILogger _logger;
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly IServiceScopeFactory _scopeFactory;
    readonly TimeProvider _timeProvider;
    readonly Lock _lock = new();
    Channel<DeliveredBatch>? _queue;
    Task _loop = Task.CompletedTask;

    public OutboxDeliveryRecorder(IServiceScopeFactory scopeFactory, DbContextDialect<TDbContext> dialect, TransactionalOutboxOptions<TDbContext> options,
        TimeProvider timeProvider, ILogger<OutboxDeliveryRecorder<TDbContext>> logger)
    {
        _scopeFactory = scopeFactory;
        _dialect = dialect.Dialect;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _delivered = new DeliveredMessages(options.DeliveredRetention);
    }

    /// <summary>Starts recording what is queued; does nothing while it runs.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_queue is not null)
                return;
            _queue = Channel.CreateBounded<DeliveredBatch>(new BoundedChannelOptions(_options.DeliveryRecordBatchSize * 4)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var reader = _queue.Reader;
            _loop = Task.Run(() => Drain(reader));
        }
    }

    /// <summary>Stops taking batches, records those still queued and returns once they are.</summary>
    public async Task StopAsync()
    {
        Task loop;
        lock (_lock)
        {
            _queue?.Writer.TryComplete();
            _queue = null;
            loop = _loop;
        }

        await loop;
    }

    /// <summary>
    /// Queues a delivered batch for the next record, waiting while the queue is full; false when the recorder does not
    /// run (not started, or stopping), and the caller records the batch itself.
    /// </summary>
    public async ValueTask<bool> Queue(DeliveredBatch batch)
    {
        var queue = Volatile.Read(ref _queue);
        if (queue is null)
            return false;
        try
        {
            await queue.Writer.WriteAsync(batch);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    async Task Drain(ChannelReader<DeliveredBatch> reader)
    {
        var batches = new List<DeliveredBatch>(_options.DeliveryRecordBatchSize);
        while (await reader.WaitToReadAsync())
        {
            await Collect(reader, batches);
            await Record(batches);
            batches.Clear();
        }
    }

    /// <summary>Takes what is queued until a full record's worth is there or the linger after the first one passed.</summary>
    async Task Collect(ChannelReader<DeliveredBatch> reader, List<DeliveredBatch> batches)
    {
        var max = _options.DeliveryRecordBatchSize;
        using var linger = new CancellationTokenSource(_options.DeliveryRecordLinger, _timeProvider);
        while (true)
        {
            while (batches.Count < max && reader.TryRead(out var batch))
                batches.Add(batch);
            if (batches.Count >= max || linger.IsCancellationRequested)
                return;
            try
            {
                // Completed (stopping): what is queued is all there will be.
                if (!await reader.WaitToReadAsync(linger.Token))
                    return;
            }
            catch (OperationCanceledException) when (linger.IsCancellationRequested)
            {
                // The linger passed; one last look for what came meanwhile.
            }
        }
    }

    /// <summary>Records the batches in one transaction; a failure leaves them leased, to be sent again after the lease.</summary>
    async Task Record(List<DeliveredBatch> batches)
    {
        try
        {
            await using var scope = _scopeFactory.CreateAsyncScope();
            var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
            using (await _dialect.EnterWriteAsync(dbContext, CancellationToken.None))
            await using (var transaction = await dbContext.Database.BeginTransactionAsync(CancellationToken.None))
            {
                await _delivered.RecordBatches(dbContext, _dialect, batches);
                await transaction.CommitAsync(CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            LogRecordFailed(_logger, exception, batches.Count, typeof(TDbContext).Name, _options.DeliveryLease);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Recording {Count} delivered outbox batch(es) of {Context} failed; they stay leased and the delivery loop sends them again after {Lease}")]
    static partial void LogRecordFailed(ILogger logger, Exception exception, int count, string context, TimeSpan lease);
}
