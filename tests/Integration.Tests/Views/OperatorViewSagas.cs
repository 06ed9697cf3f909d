using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Persistence.Transitions;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Integration.Tests.Views;

/// <summary>
/// Sagas in every state, written through the context as the service writes them, and what the operator views must show
/// for them. Shared by the SQLite and PostgreSQL suites, which differ only in how they get a migrated database.
/// </summary>
public static class OperatorViewSagas
{
    public static readonly string[] OverviewColumns =
    [
        "order_id", "state", "current_step", "definition_version", "customer_id", "customer_reference", "amount", "currency", "created_at",
        "updated_at", "completed_at", "compensated_at", "age_seconds", "idle_seconds", "failure_kind", "failure_reason", "compensation_error",
        "compensation_attempts", "timed_out_step", "in_doubt_step", "payment_id", "fraud_check_id", "reservation_id", "shipment_id",
    ];

    public static readonly string[] HistoryColumns =
        ["order_id", "transition_id", "occurred_at", "from_state", "to_state", "event", "message_type", "message_id", "definition_version"];

    /// <summary>Seconds since creation and since the last change of every saga written by <see cref="WriteAsync"/>.</summary>
    public const int AgeSeconds = 3_600;

    public const int IdleSeconds = 600;

    /// <summary>One saga per state (Compensating and CompensationFailed with the step they are undoing), and the step the view shows.</summary>
    public static readonly (string State, OrderStep? CompensatingStep, string? CurrentStep)[] States =
    [
        ("AwaitingPayment", null, "Payment"),
        ("AwaitingFraudCheck", null, "FraudCheck"),
        ("AwaitingInventory", null, "Inventory"),
        ("AwaitingShipment", null, "Shipping"),
        ("Compensating", OrderStep.Inventory, "Inventory"),
        ("CompensationFailed", OrderStep.Payment, "Payment"),
        ("Completed", null, null),
        ("Compensated", null, null),
        ("Rejected", null, null),
    ];

    /// <summary>Writes the sagas of <see cref="States"/> (ids in the same order) and three transitions of the first one, plus one of another saga type.</summary>
    public static async Task<List<Guid>> WriteAsync(OrderSagaDbContext db, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var ids = new List<Guid>();
        foreach (var (state, compensatingStep, _) in States)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            db.Orders.Add(new OrderState
            {
                CorrelationId = id,
                OrderId = id,
                CurrentState = state,
                CustomerId = "CUST-1001",
                CustomerReference = $"PO-{state}",
                CustomerEmail = "someone@example.com",
                DefinitionVersion = state == "AwaitingFraudCheck" ? 2 : 1,
                FraudCheckId = state == "AwaitingFraudCheck" ? null : Guid.NewGuid(),
                Amount = 124.8m,
                Currency = "EUR",
                PaymentId = state == "AwaitingPayment" ? null : Guid.NewGuid(),
                CompensatingStep = compensatingStep,
                FailureReason = state is "Compensating" or "CompensationFailed" or "Compensated" ? "timeout" : null,
                FailureKind = state is "Compensating" or "CompensationFailed" or "Compensated" ? OrderFailureKind.TimedOut : null,
                TimedOutStep = state is "Compensating" or "CompensationFailed" or "Compensated" ? OrderStep.Shipping : null,
                InDoubtStep = state is "Compensating" or "CompensationFailed" or "Compensated" ? OrderStep.Shipping : null,
                CompensationAttempts = compensatingStep is null ? 0 : 2,
                CompensationError = state == "CompensationFailed" ? "Payment compensation failed: boom" : null,
                CreatedAt = now.AddSeconds(-AgeSeconds),
                UpdatedAt = now.AddSeconds(-IdleSeconds),
                CompletedAt = state == "Completed" ? now.AddSeconds(-IdleSeconds) : null,
                CompensatedAt = state == "Compensated" ? now.AddSeconds(-IdleSeconds) : null,
            });
        }

        // Written one by one so that the ids (the history's order) follow the order of the transitions.
        var first = ids[0];
        foreach (var (from, to, @event) in new[] { ("Initial", "AwaitingPayment", "OrderSubmitted"), ("AwaitingPayment", "AwaitingInventory", "PaymentProcessed"), ("AwaitingInventory", "AwaitingShipment", "InventoryReserved") })
        {
            db.Transitions.Add(new SagaTransition
            {
                CorrelationId = first, SagaType = nameof(OrderState), FromState = from, ToState = to, Event = @event, MessageId = Guid.NewGuid(), OccurredAt = now,
                MessageType = $"urn:message:Saga.Contracts:{@event}", DefinitionVersion = 1,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        db.Transitions.Add(new SagaTransition { CorrelationId = first, SagaType = "OtherState", FromState = "Initial", ToState = "Done", Event = "Other", OccurredAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return ids;
    }

    /// <summary>Every row of a query, by column name, through the context's own connection.</summary>
    public static async Task<(List<string> Columns, List<Dictionary<string, object?>> Rows)> QueryAsync(DbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync(cancellationToken);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(columns.ToDictionary(c => c, c => reader.IsDBNull(reader.GetOrdinal(c)) ? null : reader.GetValue(reader.GetOrdinal(c))));
        return (columns, rows);
    }

    /// <summary>The views' rows match the sagas written by <see cref="WriteAsync"/>; <paramref name="prefix"/> qualifies the views (<c>schema.</c> or empty).</summary>
    public static async Task AssertViewsShowAsync(DbContext db, List<Guid> ids, string prefix, CancellationToken cancellationToken)
    {
        var overview = await QueryAsync(db, $"SELECT * FROM {prefix}saga_overview", cancellationToken);
        var history = await QueryAsync(db, $"SELECT * FROM {prefix}saga_history WHERE order_id = {Literal(db, ids[0])} ORDER BY transition_id", cancellationToken);
        var byId = overview.Rows.ToDictionary(r => Guid.Parse(r["order_id"]!.ToString()!));

        Assert.Multiple(() =>
        {
            Assert.That(overview.Columns, Is.EqualTo(OverviewColumns), "saga_overview's columns, in order");
            Assert.That(history.Columns, Is.EqualTo(HistoryColumns), "saga_history's columns, in order");
            Assert.That(byId.Keys, Is.EquivalentTo(ids), "one row per saga");

            for (var i = 0; i < States.Length; i++)
            {
                var (state, _, step) = States[i];
                var row = byId[ids[i]];
                Assert.That(row["state"], Is.EqualTo(state));
                Assert.That(row["current_step"], Is.EqualTo(step), $"the current step of a saga in {state}");
                Assert.That(row["customer_id"], Is.EqualTo("CUST-1001"));
                Assert.That(row["customer_reference"], Is.EqualTo($"PO-{state}"));
                Assert.That(Convert.ToInt32(row["definition_version"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(state == "AwaitingFraudCheck" ? 2 : 1));
                Assert.That(row["fraud_check_id"] is null, Is.EqualTo(state == "AwaitingFraudCheck"));
                Assert.That(Convert.ToDecimal(row["amount"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(124.8m));
                Assert.That(row["currency"], Is.EqualTo("EUR"));
                Assert.That(row["failure_reason"], Is.EqualTo(state is "Compensating" or "CompensationFailed" or "Compensated" ? "timeout" : null));
                Assert.That(row["failure_kind"], Is.EqualTo(state is "Compensating" or "CompensationFailed" or "Compensated" ? "TimedOut" : null));
                Assert.That(row["timed_out_step"], Is.EqualTo(state is "Compensating" or "CompensationFailed" or "Compensated" ? "Shipping" : null));
                Assert.That(row["in_doubt_step"], Is.EqualTo(state is "Compensating" or "CompensationFailed" or "Compensated" ? "Shipping" : null));
                Assert.That(Convert.ToInt64(row["compensation_attempts"], System.Globalization.CultureInfo.InvariantCulture),
                    Is.EqualTo(state is "Compensating" or "CompensationFailed" ? 2 : 0));
                Assert.That(row["compensation_error"], Is.EqualTo(state == "CompensationFailed" ? "Payment compensation failed: boom" : null));
                Assert.That(row["payment_id"] is null, Is.EqualTo(state == "AwaitingPayment"));
                Assert.That(row["completed_at"] is null, Is.EqualTo(state != "Completed"));
                Assert.That(row["compensated_at"] is null, Is.EqualTo(state != "Compensated"));

                // Whole seconds as integers; the test's own run time is the only slack.
                Assert.That(row["age_seconds"], Is.TypeOf<long>().And.InRange(AgeSeconds, AgeSeconds + 60L), "age_seconds");
                Assert.That(row["idle_seconds"], Is.TypeOf<long>().And.InRange(IdleSeconds, IdleSeconds + 60L), "idle_seconds");
            }

            Assert.That(history.Rows.Select(r => (r["from_state"], r["to_state"], r["event"])), Is.EqualTo(new (object?, object?, object?)[]
            {
                ("Initial", "AwaitingPayment", "OrderSubmitted"),
                ("AwaitingPayment", "AwaitingInventory", "PaymentProcessed"),
                ("AwaitingInventory", "AwaitingShipment", "InventoryReserved"),
            }), "the order saga's transitions only, in order");
            Assert.That(history.Rows.Select(r => Convert.ToInt64(r["transition_id"], System.Globalization.CultureInfo.InvariantCulture)), Is.Ordered.Ascending);
            Assert.That(history.Rows.Select(r => r["message_id"]), Has.None.Null);
            Assert.That(history.Rows.Select(r => r["message_type"]), Is.EqualTo(new[]
            {
                "urn:message:Saga.Contracts:OrderSubmitted", "urn:message:Saga.Contracts:PaymentProcessed", "urn:message:Saga.Contracts:InventoryReserved",
            }));
            Assert.That(history.Rows.Select(r => Convert.ToInt32(r["definition_version"], System.Globalization.CultureInfo.InvariantCulture)), Is.All.EqualTo(1));
        });
    }

    /// <summary>The views' columns as the initial migration created them (and as reverting AddFlowVersionsAndAudit leaves them).</summary>
    public static readonly string[] InitialOverviewColumns =
    [
        "order_id", "state", "current_step", "customer_id", "amount", "currency", "created_at", "updated_at", "completed_at",
        "compensated_at", "age_seconds", "idle_seconds", "failure_kind", "failure_reason", "compensation_error", "compensation_attempts",
        "timed_out_step", "in_doubt_step", "payment_id", "reservation_id", "shipment_id",
    ];

    public static readonly string[] InitialHistoryColumns = ["order_id", "transition_id", "occurred_at", "from_state", "to_state", "event", "message_id"];

    /// <summary>
    /// Sagas written before AddFlowVersionsAndAudit read flow version 1 after it: reverts it over the sagas of
    /// <see cref="WriteAsync"/> (the old views come back), applies it again and checks every saga and transition.
    /// </summary>
    public static async Task AssertUpgradeKeepsSagasAsync(OrderSagaDbContext db, List<Guid> ids, string prefix, CancellationToken cancellationToken)
    {
        var migrations = db.Database.GetMigrations().ToList();
        var audit = migrations.FindIndex(m => m.EndsWith("_AddFlowVersionsAndAudit", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync(migrations[audit - 1], cancellationToken: cancellationToken);
        var oldOverview = await QueryAsync(db, $"SELECT * FROM {prefix}saga_overview", cancellationToken);
        var oldHistory = await QueryAsync(db, $"SELECT * FROM {prefix}saga_history", cancellationToken);
        await migrator.MigrateAsync(cancellationToken: cancellationToken);
        var overview = await QueryAsync(db, $"SELECT * FROM {prefix}saga_overview", cancellationToken);
        var history = await QueryAsync(db, $"SELECT * FROM {prefix}saga_history", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(oldOverview.Columns, Is.EqualTo(InitialOverviewColumns), "reverted, saga_overview is the initial one");
            Assert.That(oldHistory.Columns, Is.EqualTo(InitialHistoryColumns), "reverted, saga_history is the initial one");
            Assert.That(oldOverview.Rows.Select(r => Guid.Parse(r["order_id"]!.ToString()!)), Is.EquivalentTo(ids));
            Assert.That(overview.Columns, Is.EqualTo(OverviewColumns));
            Assert.That(overview.Rows.Select(r => Guid.Parse(r["order_id"]!.ToString()!)), Is.EquivalentTo(ids), "no saga lost");
            Assert.That(overview.Rows.Select(r => Convert.ToInt32(r["definition_version"], System.Globalization.CultureInfo.InvariantCulture)), Is.All.EqualTo(1),
                "sagas from before flow versions read version 1");
            Assert.That(overview.Rows.Select(r => r["customer_reference"]), Is.All.Null);
            Assert.That(history.Rows, Has.Count.EqualTo(3));
            Assert.That(history.Rows.Select(r => r["message_type"]), Is.All.Null, "unknown for transitions recorded before");
            Assert.That(history.Rows.Select(r => r["definition_version"]), Is.All.Null);
        });
    }

    /// <summary>Reverts every migration, the initial one that creates the views with the tables included.</summary>
    public static Task RevertAllAsync(DbContext db, CancellationToken cancellationToken) =>
        db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase, cancellationToken: cancellationToken);

    // Guids as each provider stores them: SQLite as upper-case text, PostgreSQL as uuid.
    static string Literal(DbContext db, Guid id) =>
        db.Database.IsSqlite() ? $"'{id.ToString().ToUpperInvariant()}'" : $"'{id}'";
}
