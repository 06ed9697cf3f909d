using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Telemetry;

namespace Saga.Persistence.Transitions;

/// <summary>Runs <see cref="TransitionHistoryCleanup{TDbContext}"/> every <see cref="TransitionHistoryOptions{TDbContext}.CleanupInterval"/>, unless the history is kept forever.</summary>
public sealed partial class TransitionHistoryCleanupService<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    static readonly string Context = typeof(TDbContext).Name;

    readonly TransitionHistoryCleanup<TDbContext> _cleanup;
    readonly ILogger _logger;
    readonly TransitionHistoryOptions<TDbContext> _options;
    readonly TimeProvider _timeProvider;

    public TransitionHistoryCleanupService(TransitionHistoryCleanup<TDbContext> cleanup, TransitionHistoryOptions<TDbContext> options,
        TimeProvider timeProvider, ILogger<TransitionHistoryCleanupService<TDbContext>> logger)
    {
        _cleanup = cleanup;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.KeepsEverything)
        {
            LogKeptForever(_logger, Context);
            return;
        }

        using var timer = new PeriodicTimer(_options.CleanupInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var result = await _cleanup.RunOnce(stoppingToken);
                    TransitionHistoryMetrics.RecordPass(typeof(TDbContext), result.Deleted);
                    if (result.Deleted > 0)
                        LogPass(_logger, Context, result.Deleted, result.Batches, result.MoreLeft);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(_logger, exception, Context);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Transition history cleanup for {Context} deleted {Rows} transitions in {Batches} statements (more left for the next pass: {MoreLeft})")]
    static partial void LogPass(ILogger logger, string context, int rows, int batches, bool moreLeft);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Transition history cleanup for {Context} failed; trying again next interval")]
    static partial void LogFailed(ILogger logger, Exception exception, string context);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Transition history of {Context} is kept forever (Retention is infinite); no cleanup runs")]
    static partial void LogKeptForever(ILogger logger, string context);
}
