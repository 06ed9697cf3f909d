using Microsoft.EntityFrameworkCore;
using Saga.Cli;
using Saga.Integration.Tests.EndToEnd.Cli;
using Saga.Integration.Tests.Migrations;
using Saga.Integration.Tests.Schemas;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Settings.Database;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Cli;

/// <summary>
/// <c>saga outbox dead</c> and <c>requeue</c> on a real PostgreSQL server (a private cluster), where ids are uuids and
/// times timestamptz: the orchestrator's database in the default schema and a participant's in a configured one.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class CliOutboxOnPostgreSqlTests
{
    PostgreSqlTestCluster? _postgres;

    PostgreSqlTestCluster Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL was not started");

    static CancellationToken Cancellation => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task Start() => _postgres = await PostgreSqlTestCluster.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    [TestCase("orchestrator", null)]
    [TestCase("shipping", SchemaTestDatabases.Schema)]
    public async Task Dead_lists_and_requeue_revives_a_dead_batch_keeping_its_messages(string service, string? schema)
    {
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.PostgreSql, ConnectionString = await Postgres.CreateDatabaseAsync(cancellationToken: Cancellation), Schema = schema,
        };
        var dead = Guid.NewGuid();
        var now = DateTime.UtcNow;
        await using (var db = Connect(service, options))
        {
            await db.Database.MigrateAsync(Cancellation);
            db.Set<OutboxBatch>().Add(new OutboxBatch
            {
                OutboxId = dead, CreatedAt = now.AddMinutes(-10), AvailableAt = now.AddHours(1), DeliveryAttempts = 10,
                LastError = "NO_ROUTE", DeadAt = now.AddMinutes(-1),
            });
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                OutboxId = dead, MessageId = Guid.NewGuid(), ContentType = "application/vnd.masstransit+json",
                MessageType = "urn:message:Saga.Contracts:ShipmentScheduled", Body = "{}",
                DestinationAddress = new Uri("rabbitmq://localhost/order-saga"), SentTime = now,
            });
            await db.SaveChangesAsync(Cancellation);
        }

        string[] connection = ["--service", service, "--provider", "PostgreSql", "--connection-string", options.ConnectionString, .. Schema(schema)];
        var listed = await SagaCliRunner.RunBareAsync(["outbox", "dead", "--json", .. connection]);
        var requeued = await SagaCliRunner.RunBareAsync(["outbox", "requeue", "--batch", dead.ToString(), .. connection]);
        var again = await SagaCliRunner.RunBareAsync(["outbox", "requeue", "--all", .. connection]);

        Assert.That(listed.ExitCode, Is.EqualTo(ExitCodes.Ok), listed.ToString());
        var batch = listed.Json().GetProperty("batches").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(batch.GetProperty("outboxId").GetGuid(), Is.EqualTo(dead));
            Assert.That(batch.GetProperty("lastError").GetString(), Is.EqualTo("NO_ROUTE"));
            Assert.That(batch.GetProperty("messages")[0].GetProperty("messageType").GetString(), Is.EqualTo("urn:message:Saga.Contracts:ShipmentScheduled"));
            Assert.That(requeued.ExitCode, Is.EqualTo(ExitCodes.Ok), requeued.ToString());
            Assert.That(again.ExitCode, Is.EqualTo(ExitCodes.Failed), again.ToString());
        });
        await using (var db = Connect(service, options))
        {
            var row = await db.Set<OutboxBatch>().AsNoTracking().SingleAsync(Cancellation);
            Assert.That(row.DeadAt, Is.Null);
            Assert.That(row.DeliveryAttempts, Is.Zero);
            Assert.That(row.AvailableAt, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(await db.Set<OutboxMessage>().CountAsync(m => m.OutboxId == dead && m.DeliveredAt == null, Cancellation), Is.EqualTo(1));
        }
    }

    static string[] Schema(string? schema) => schema is null ? [] : ["--schema", schema];

    static DbContext Connect(string service, DatabaseOptions options) =>
        ProviderContext.All().Single(c => c.Name == service && c.Provider == DatabaseProvider.PostgreSql).Connect(options);
}
