using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Saga.Hosting.Database;
using Saga.Persistence.Outbox;

namespace Saga.Hosting.Operations;

/// <summary>
/// A database's outbox is not stuck: its oldest batch still waiting for delivery is younger than
/// <see cref="OperationsOptions.OutboxStuckAfter"/>. A batch lives only until it is delivered, so an old one means the
/// broker has been refusing or losing the messages for that long (its <c>last_error</c> says why). Dead batches (failed
/// every allowed attempt) wait for an operator and do not make the service unready; the description counts them.
/// </summary>
public sealed class OutboxHealthCheck(IServiceScopeFactory scopeFactory, DatabaseRegistration database, IOptions<OperationsOptions> options,
    TimeProvider timeProvider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
        var status = await OutboxStatus.Read(dbContext, cancellationToken);
        var deadNote = status.DeadBatches == 0 ? "" : $"; {status.DeadBatches} dead batch(es) wait for an operator to requeue them";
        if (status.OldestWaitingCreatedAt is not { } createdAt)
            return HealthCheckResult.Healthy($"{database.Section} outbox: nothing waiting{deadNote}");

        var age = TimeSpan.FromSeconds(Math.Floor((timeProvider.GetUtcNow().UtcDateTime - createdAt).TotalSeconds));
        var threshold = options.Value.OutboxStuckAfter;
        var description = $"{database.Section} outbox: the oldest undelivered batch is {age} old (stuck after {threshold}){deadNote}";
        return age > threshold ? new HealthCheckResult(context.Registration.FailureStatus, description) : HealthCheckResult.Healthy(description);
    }
}
