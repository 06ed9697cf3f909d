using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>Warns at start that the sagas live in memory only, so that nobody mistakes the benchmark baseline for the service.</summary>
public sealed partial class InMemorySagaRepositoryNotice(ILogger<InMemorySagaRepositoryNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogInMemory(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Orchestrator:SagaRepository is InMemory: sagas are kept in this process's memory only and a restart loses every order " +
                  "in flight; there is no transition history and no step deadline. For benchmarking only, never for production")]
    static partial void LogInMemory(ILogger logger);
}
