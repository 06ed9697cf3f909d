using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Saga.Persistence.Outbox;

/// <summary>Runs <see cref="OutboxCleanup{TDbContext}"/> every <see cref="TransactionalOutboxOptions{TDbContext}.CleanupInterval"/>.</summary>
public sealed class OutboxCleanupService<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    readonly OutboxCleanup<TDbContext> _cleanup;
    readonly ILogger _logger;
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly TimeProvider _timeProvider;

    public OutboxCleanupService(OutboxCleanup<TDbContext> cleanup, TransactionalOutboxOptions<TDbContext> options, TimeProvider timeProvider,
        ILogger<OutboxCleanupService<TDbContext>> logger)
    {
        _cleanup = cleanup;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CleanupInterval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var result = await _cleanup.RunOnce(stoppingToken);
                    if (result.InboxRows + result.OutboxMessages > 0)
                    {
                        _logger.LogDebug("Outbox cleanup for {Context} removed {InboxRows} inbox rows and {OutboxMessages} delivered messages",
                            typeof(TDbContext).Name, result.InboxRows, result.OutboxMessages);
                    }
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    _logger.LogWarning(exception, "Outbox cleanup for {Context} failed; trying again next interval", typeof(TDbContext).Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
