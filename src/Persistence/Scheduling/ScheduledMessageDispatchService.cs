using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Outbox;

namespace Saga.Persistence.Scheduling;

/// <summary>
/// Runs the scheduler's passes: at each due time, when a new schedule is stored, and at least every poll interval (for
/// schedules another instance stored). A message due while the service was down is sent once it is back and its
/// <see cref="DurableSchedulerOptions{TDbContext}.StartupGrace"/> has passed.
/// </summary>
public sealed class ScheduledMessageDispatchService<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    readonly DatabaseClock<TDbContext> _clock;
    readonly ScheduledMessageDispatcher<TDbContext> _dispatcher;
    readonly ILogger _logger;
    readonly DurableSchedulerOptions<TDbContext> _options;
    readonly SchedulerSignal<TDbContext> _signal;

    public ScheduledMessageDispatchService(ScheduledMessageDispatcher<TDbContext> dispatcher, SchedulerSignal<TDbContext> signal,
        DurableSchedulerOptions<TDbContext> options, DatabaseClock<TDbContext> clock,
        ILogger<ScheduledMessageDispatchService<TDbContext>> logger)
    {
        _clock = clock;
        _dispatcher = dispatcher;
        _signal = signal;
        _options = options;
        _logger = logger;
    }

    /// <summary>Reads the database's clock, then starts the grace before the service's consumers start.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _clock.SynchronizeIfDue(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "The scheduler of {Context} could not read the database's clock at start-up; trying again on its next pass",
                typeof(TDbContext).Name);
        }

        _dispatcher.StartGrace();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _options.PollInterval;
            try
            {
                await _clock.SynchronizeIfDue(stoppingToken);
                var result = await _dispatcher.DispatchDue(stoppingToken);
                if (result.Moved == _options.DispatchBatchSize)
                    continue;

                if (result.NextDueAt is { } nextDue)
                {
                    var untilDue = nextDue - _clock.UtcNow;
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
