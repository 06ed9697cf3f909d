using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Keeps one context's outbox flowing: a pass right after each signalled commit, another at once while passes come back
/// full, and a poll every <see cref="TransactionalOutboxOptions{TDbContext}.PollInterval"/> for batches a crash or a
/// failed delivery left behind. Several instances of a service can run this side by side.
/// </summary>
public sealed class OutboxDeliveryService<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    readonly OutboxBacklog<TDbContext> _backlog;
    readonly OutboxDelivery<TDbContext> _delivery;
    readonly ILogger _logger;
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly OutboxDeliverySignal<TDbContext> _signal;

    public OutboxDeliveryService(OutboxDelivery<TDbContext> delivery, OutboxDeliverySignal<TDbContext> signal,
        TransactionalOutboxOptions<TDbContext> options, OutboxBacklog<TDbContext> backlog, ILogger<OutboxDeliveryService<TDbContext>> logger)
    {
        _delivery = delivery;
        _backlog = backlog;
        _signal = signal;
        _options = options;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            DeliveryPassResult result;
            try
            {
                result = await _delivery.DeliverOnce(stoppingToken);
                await _backlog.MeasureIfDue(stoppingToken);
                failures = 0;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable, most likely: back off, the batches stay where they are.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(100 * Math.Pow(2, Math.Min(failures, 10)), _options.MaxRedeliveryDelay.TotalMilliseconds));
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
}
