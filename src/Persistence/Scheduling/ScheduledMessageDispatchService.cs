using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Saga.Persistence.Scheduling;

/// <summary>
/// Runs the scheduler's passes: at each due time, when a new schedule is stored, and at least every poll interval (for
/// schedules another instance stored). A message due while the service was down is sent as soon as it is back.
/// </summary>
public sealed class ScheduledMessageDispatchService<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    readonly ScheduledMessageDispatcher<TDbContext> _dispatcher;
    readonly ILogger _logger;
    readonly DurableSchedulerOptions<TDbContext> _options;
    readonly SchedulerSignal<TDbContext> _signal;
    readonly TimeProvider _timeProvider;

    public ScheduledMessageDispatchService(ScheduledMessageDispatcher<TDbContext> dispatcher, SchedulerSignal<TDbContext> signal,
        DurableSchedulerOptions<TDbContext> options, TimeProvider timeProvider, ILogger<ScheduledMessageDispatchService<TDbContext>> logger)
    {
        _dispatcher = dispatcher;
        _signal = signal;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                var result = await _dispatcher.DispatchDue(stoppingToken);
                if (result.Moved == _options.DispatchBatchSize)
                    continue;

                if (result.NextDueAt is { } nextDue)
                {
                    var untilDue = nextDue - _timeProvider.GetUtcNow().UtcDateTime;
                    if (untilDue < wait)
                        wait = untilDue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Scheduler pass for {Context} failed; trying again in {Delay}", typeof(TDbContext).Name, wait);
            }

            try
            {
                await _signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
