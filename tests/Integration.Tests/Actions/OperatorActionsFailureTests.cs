using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Saga.Hosting.Database;
using Saga.Operations;
using Saga.Operations.Actions;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Persistence;
using Saga.Settings.Database;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Actions;

/// <summary>
/// <see cref="OperatorActions"/> when the broker cannot be reached: nothing is thrown at the console; the action comes back
/// failed with the one-line reason, and is recorded as failed all the same (the orchestrator database on SQLite).
/// </summary>
public sealed class OperatorActionsFailureTests
{
    [Test]
    public async Task An_unreachable_broker_is_a_failed_outcome_that_is_recorded_not_thrown()
    {
        using var sqlite = new SqliteTestDatabase();
        var database = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = sqlite.ConnectionString };
        await using (var db = new OrderSagaDbContext((DbContextOptions<OrderSagaDbContext>)new DbContextOptionsBuilder<OrderSagaDbContext>()
                         .UseConfiguredDatabase(database).Options))
            await db.Database.MigrateAsync();
        var port = FreeTcpPort.Find();
        var settings = OperatorSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Saga:Transport:RabbitMq:Host"] = "127.0.0.1",
            ["Saga:Transport:RabbitMq:Port"] = $"{port}",
            ["Orchestrator:Database:ConnectionString"] = sqlite.ConnectionString,
        }).Build());
        var actions = new OperatorActions(settings, TimeProvider.System, NullLogger<OperatorActions>.Instance);
        var orderId = Guid.NewGuid();

        var cancel = await actions.CancelAsync(orderId, "customer called", "alice", CancellationToken.None);
        var move = await actions.MoveErrorsAsync("order-saga", null, "alice", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(cancel.Accepted, Is.False);
            Assert.That(cancel.Outcome, Is.EqualTo(ActionOutcomes.Failed));
            Assert.That(cancel.Summary, Does.Contain($"RabbitMQ at 127.0.0.1:{port}"));
            Assert.That(move.Outcome, Is.EqualTo(ActionOutcomes.Failed));
        });
        var recorded = await new OperatorActionLog(settings, TimeProvider.System).RecentAsync(10, CancellationToken.None);
        Assert.That(recorded.Select(r => (r.Action, r.Target, r.Outcome)), Is.EqualTo(new[]
        {
            (ActionNames.MoveErrors, "order-saga_error", ActionOutcomes.Failed),
            (ActionNames.Cancel, orderId.ToString(), ActionOutcomes.Failed),
        }));
    }
}
