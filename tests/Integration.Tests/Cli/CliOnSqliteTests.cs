using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Saga.Cli;
using Saga.Hosting.Database;
using Saga.Integration.Tests.EndToEnd.Cli;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.Settings.Database;
using PersistedTransition = Saga.Persistence.Transitions.SagaTransition;

namespace Saga.Integration.Tests.Cli;

/// <summary>
/// The read commands on the embedded default, SQLite, where ids, times and amounts are text: an orchestrator database
/// migrated as the service migrates it, holding three orders written through its own DbContext at known times.
/// </summary>
public sealed class CliOnSqliteTests
{
    readonly string _path = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.db");
    readonly Guid _completed = Guid.NewGuid();
    readonly Guid _awaitingPayment = Guid.NewGuid();
    readonly Guid _compensated = Guid.NewGuid();
    readonly Guid _paymentId = Guid.NewGuid();
    readonly List<Guid> _messageIds = [];

    // As the recorder names them: the v2 submission, then the replies.
    static readonly string[] MessageTypes =
    [
        "urn:message:Saga.Contracts:SubmitOrderV2", "urn:message:Saga.Contracts:PaymentProcessed", "urn:message:Saga.Contracts:InventoryReserved",
        "urn:message:Saga.Contracts:ShipmentScheduled",
    ];

    string ConnectionString => $"Data Source={_path}";

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        var options = (DbContextOptions<OrderSagaDbContext>)new DbContextOptionsBuilder<OrderSagaDbContext>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = ConnectionString })
            .Options;
        await using (var db = new OrderSagaDbContext(options))
        {
            await db.Database.MigrateAsync();
            var now = DateTime.UtcNow;
            var completed = Order(_completed, "Completed", now.AddMinutes(-2), 19.80m);
            completed.CompletedAt = completed.UpdatedAt = now.AddMinutes(-1);
            completed.PaymentId = _paymentId;
            completed.DefinitionVersion = 2;
            completed.CustomerReference = "PO-4711";
            completed.ReservationId = Guid.NewGuid();
            completed.ShipmentId = Guid.NewGuid();
            var compensated = Order(_compensated, "Compensated", now.AddDays(-1), 500m);
            compensated.FailureReason = "payment declined: insufficient credit";
            compensated.CompensatedAt = now.AddDays(-1);
            db.Orders.AddRange(completed, Order(_awaitingPayment, "AwaitingPayment", now.AddHours(-3), 5m), compensated);

            string?[] states = [null, "AwaitingPayment", "AwaitingInventory", "AwaitingShipment", "Completed"];
            for (var i = 1; i < states.Length; i++)
            {
                _messageIds.Add(Guid.NewGuid());
                db.Transitions.Add(new PersistedTransition
                {
                    CorrelationId = _completed, SagaType = nameof(OrderState), FromState = states[i - 1], ToState = states[i]!,
                    Event = $"Event{i}", MessageId = _messageIds[^1], MessageType = MessageTypes[i - 1], DefinitionVersion = 2,
                    OccurredAt = now.AddMinutes(-2).AddSeconds(i),
                });
            }

            await db.SaveChangesAsync();
        }

    }

    [OneTimeTearDown]
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            File.Delete(file);
    }

    [Test]
    public async Task Status_reads_the_order_and_its_timeline()
    {
        var run = await Run("status", _completed.ToString(), "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var json = run.Json();
        var order = json.GetProperty("order");
        Assert.Multiple(() =>
        {
            Assert.That(order.GetProperty("orderId").GetGuid(), Is.EqualTo(_completed));
            Assert.That(order.GetProperty("amount").GetDecimal(), Is.EqualTo(19.80m));
            Assert.That(order.GetProperty("paymentId").GetGuid(), Is.EqualTo(_paymentId));
            Assert.That(order.GetProperty("ageSeconds").GetDouble(), Is.InRange(100, 3600));
            Assert.That(order.GetProperty("definitionVersion").GetInt32(), Is.EqualTo(2));
            Assert.That(order.GetProperty("customerReference").GetString(), Is.EqualTo("PO-4711"));
            var timeline = json.GetProperty("timeline").EnumerateArray().ToList();
            Assert.That(timeline.Select(t => t.GetProperty("toState").GetString()),
                Is.EqualTo(new[] { "AwaitingPayment", "AwaitingInventory", "AwaitingShipment", "Completed" }));
            Assert.That(timeline.Select(t => t.GetProperty("messageType").GetString()), Is.EqualTo(MessageTypes), "the full URNs");
            Assert.That(timeline.Select(t => t.GetProperty("messageId").GetGuid()), Is.EqualTo(_messageIds));
            Assert.That(timeline.Select(t => t.GetProperty("definitionVersion").GetInt32()), Is.All.EqualTo(2));
        });
    }

    [Test]
    public async Task List_compares_ages_and_pages_newest_first()
    {
        var recent = await Run("list", "--newer-than", "1h", "--json");
        var older = await Run("list", "--older-than", "2h", "--json");
        var secondPage = await Run("list", "--state", "AwaitingPayment", "--state", "Compensated", "--page-size", "1", "--page", "2", "--json");

        Assert.That(Ids(recent), Is.EqualTo(new[] { _completed }), recent.ToString());
        Assert.That(Ids(older), Is.EqualTo(new[] { _awaitingPayment, _compensated }), older.ToString());
        Assert.That(Ids(secondPage), Is.EqualTo(new[] { _compensated }), secondPage.ToString());
        Assert.That(secondPage.Json().GetProperty("total").GetInt64(), Is.EqualTo(2));
    }

    [Test]
    public async Task Stats_counts_states_and_buckets_completions_by_minute()
    {
        var run = await Run("stats", "--minutes", "10", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var json = run.Json();
        var minute = json.GetProperty("completionsPerMinute").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("total").GetInt64(), Is.EqualTo(3));
            Assert.That(json.GetProperty("completed").GetInt64(), Is.EqualTo(1));
            Assert.That(minute.GetProperty("count").GetInt64(), Is.EqualTo(1));
            Assert.That(minute.GetProperty("minute").GetDateTime(), Is.EqualTo(DateTime.UtcNow.AddMinutes(-1)).Within(TimeSpan.FromMinutes(2)));
        });
    }

    [Test]
    public async Task Status_as_a_table_names_the_fields_and_leaves_out_the_empty_ones()
    {
        var run = await Run("status", _compensated.ToString());

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        Assert.That(run.Output, Does.Contain("state:").And.Contain("Compensated").And.Contain("500.00 EUR")
            .And.Contain("failure reason:     payment declined: insufficient credit").And.Not.Contain("payment:"));
        Assert.That(run.Output, Does.Contain("timeline (0 transitions):"));
    }

    [Test]
    public async Task Status_as_a_table_shows_the_flow_version_the_reference_and_each_transitions_message()
    {
        var run = await Run("status", _completed.ToString());

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var header = lines.FindIndex(l => l.StartsWith('#'));
        Assert.Multiple(() =>
        {
            Assert.That(lines, Does.Contain("flow version:       2").And.Contain("customer reference: PO-4711"));
            Assert.That(header, Is.Not.Negative, run.Output);
            Assert.That(lines[header], Does.Match(@"^#\s+time \(UTC\)\s+from\s+to\s+event\s+message type\s+message id\s+flow$"));
            var rows = lines.Skip(header + 2).Take(4).ToList();
            Assert.That(rows[0], Does.Contain("SubmitOrderV2").And.Contain(_messageIds[0].ToString()).And.EndWith(" 2").And.Not.Contain("urn:message"));
            Assert.That(rows.Select(r => r.IndexOf(_messageIds[rows.IndexOf(r)].ToString(), StringComparison.Ordinal)).Distinct().Count(), Is.EqualTo(1),
                "the message ids line up");
        });
    }

    [Test]
    public async Task List_shows_each_orders_flow_version()
    {
        var run = await Run("list");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Match(@"^order\s+state\s+step\s+flow\s+customer"));
            Assert.That(lines.Single(l => l.StartsWith(_completed.ToString(), StringComparison.Ordinal)), Does.Match(@"Completed\s+2\s+CUST-1001"));
            Assert.That(lines.Single(l => l.StartsWith(_awaitingPayment.ToString(), StringComparison.Ordinal)), Does.Match(@"Payment\s+1\s+CUST-1001"));
        });
    }

    Task<CliRun> Run(params string[] args) => SagaCliRunner.RunBareAsync([.. args, "--connection-string", ConnectionString]);

    static List<Guid> Ids(CliRun run) => run.Json().GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetGuid()).ToList();

    static OrderState Order(Guid id, string state, DateTime createdAt, decimal amount) => new()
    {
        CorrelationId = id,
        OrderId = id,
        CurrentState = state,
        CustomerId = "CUST-1001",
        Amount = amount,
        Currency = "EUR",
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };
}
