using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Outbox;

namespace Saga.Hosting.Messaging;

/// <summary>Warns at start when a context's outbox is switched off, so that nobody mistakes the benchmark baseline for the service.</summary>
public sealed partial class OutboxDisabledNotice<TDbContext>(string section, TransactionalOutboxOptions<TDbContext> options,
    ILogger<OutboxDisabledNotice<TDbContext>> logger) : IHostedService
    where TDbContext : DbContext
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
            LogDisabled(logger, section);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Section}:Enabled is false: no transactional inbox or outbox, so a crash can lose or repeat messages. " +
                  "For benchmarking only, never for production")]
    static partial void LogDisabled(ILogger logger, string section);
}
