using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Retry;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Keeps one context's outbox flowing: at start-up it reads the database's clock and takes back the leases this instance
/// held when it last stopped (so what it had committed and not sent leaves at once) and starts the
/// <see cref="OutboxDeliveryRecorder{TDbContext}"/> (flushed when the service stops), then runs a pass right after each
/// signalled commit, another at once while passes come back full, and a poll every
/// <see cref="TransactionalOutboxOptions{TDbContext}.PollInterval"/> for batches a crash or a failed delivery left
/// behind. Several instances of a service can run this side by side.
/// </summary>
public sealed partial class OutboxDeliveryService<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    readonly OutboxBacklog<TDbContext> _backlog;
    readonly DatabaseClock<TDbContext> _clock;
    readonly OutboxDelivery<TDbContext> _delivery;
    readonly ILogger _logger;
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly OutboxDeliveryRecorder<TDbContext> _recorder;
    readonly OutboxDeliverySignal<TDbContext> _signal;

    public OutboxDeliveryService(OutboxDelivery<TDbContext> delivery, OutboxDeliveryRecorder<TDbContext> recorder, OutboxDeliverySignal<TDbContext> signal,
        TransactionalOutboxOptions<TDbContext> options, OutboxBacklog<TDbContext> backlog, DatabaseClock<TDbContext> clock,
        ILogger<OutboxDeliveryService<TDbContext>> logger)
    {
        _delivery = delivery;
        _recorder = recorder;
        _backlog = backlog;
        _signal = signal;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Before the service's consumers start: from then on their commits take leases on the database's clock, and the
    /// leases of this instance's previous run are free again. A database that cannot be reached now only delays that:
    /// the leases then run out by themselves.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _clock.SynchronizeIfDue(cancellationToken);
            await _delivery.ReclaimOwnLeases(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogStartFailed(_logger, exception, typeof(TDbContext).Name);
        }

        _recorder.Start();
        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the loop (a pass under way runs to its record), then records the deliveries still queued; consumers that
    /// deliver after that record their batches themselves.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            await _recorder.StopAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            DeliveryPassResult result;
            try
            {
                await _clock.SynchronizeIfDue(stoppingToken);
                result = await _delivery.DeliverOnce(stoppingToken);
                await _backlog.MeasureIfDue(stoppingToken);
                failures = 0;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable, most likely: back off, the batches stay where they are.
                failures++;
                // At most about 100 s between tries, however long a batch's back-off may grow.
                var delay = Backoff.Delay(Math.Min(failures, 10), _options.MaxRedeliveryDelay);
                _logger.LogWarning(exception, "Outbox delivery for {Context} failed; next try in {Delay}", typeof(TDbContext).Name, delay);
                await _signal.WaitAsync(delay, stoppingToken);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (result.Batches == _options.DeliveryBatchSize && result.FailedBatches == 0)
                continue;

            await _signal.WaitAsync(_options.PollInterval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Outbox delivery for {Context} could not read the database's clock or take back this instance's leases at start-up; " +
                  "they run out by themselves")]
    static partial void LogStartFailed(ILogger logger, Exception exception, string context);
}
