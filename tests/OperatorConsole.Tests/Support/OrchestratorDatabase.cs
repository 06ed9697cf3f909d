using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Saga.Hosting.Database;
using Saga.Persistence.Dialects;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.Settings.Database;
using Transition = Saga.Persistence.Transitions.SagaTransition;

namespace Saga.OperatorConsole.Tests.Support;

/// <summary>
/// A SQLite orchestrator database in a temporary directory, migrated as the service migrates it, with a few orders
/// written through the service's own context: one completed, one compensated, one stuck awaiting inventory, one whose
/// compensation failed, each with its history.
/// </summary>
public sealed class OrchestratorDatabase : IAsyncDisposable
{
    public static readonly DateTime Now = DateTime.UtcNow;

    readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("saga-console-");

    public string ConnectionString => $"Data Source={Path.Combine(_directory.FullName, "orchestrator.db")}";

    public Guid Completed { get; } = Guid.NewGuid();

    public Guid Compensated { get; } = Guid.NewGuid();

    public Guid Stuck { get; } = Guid.NewGuid();

    public Guid CompensationFailed { get; } = Guid.NewGuid();

    /// <summary>The completed order's transitions' times: it waited longest (40 s) for its payment.</summary>
    public static readonly TimeSpan[] CompletedSteps = [TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12)];

    public static async Task<OrchestratorDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = new OrchestratorDatabase();
        await using var db = database.Connect();
        await db.Database.MigrateAsync(cancellationToken);
        await database.WriteOrdersAsync(db, cancellationToken);
        return database;
    }

    OrderSagaDbContext Connect() =>
        new((DbContextOptions<OrderSagaDbContext>)new DbContextOptionsBuilder<OrderSagaDbContext>()
            .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = ConnectionString }).Options);

    async Task WriteOrdersAsync(OrderSagaDbContext db, CancellationToken cancellationToken)
    {
        var submitted = Now.AddMinutes(-30);
        var completedAt = submitted + CompletedSteps.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        db.Orders.Add(Order(Completed, "Completed", submitted, completedAt, o => o.CompletedAt = completedAt));
        db.Orders.Add(Order(Compensated, "Compensated", submitted.AddMinutes(1), submitted.AddMinutes(2), o =>
        {
            o.CompensatedAt = submitted.AddMinutes(2);
            o.FailureKind = OrderFailureKind.Declined;
            o.FailureReason = "payment declined: insufficient funds";
        }));
        db.Orders.Add(Order(Stuck, "AwaitingInventory", submitted.AddMinutes(3), Now.AddMinutes(-20), _ => { }));
        db.Orders.Add(Order(CompensationFailed, "CompensationFailed", submitted.AddMinutes(4), submitted.AddMinutes(5), o =>
        {
            o.FailureKind = OrderFailureKind.TimedOut;
            o.FailureReason = "timeout";
            o.TimedOutStep = OrderStep.Shipping;
            o.CompensatingStep = OrderStep.Payment;
            o.CompensationError = "Payment compensation failed: refund service unavailable";
        }));
        await db.SaveChangesAsync(cancellationToken);

        var time = submitted;
        await AddAsync(db, Completed, time, "Initial", "AwaitingPayment", "OrderSubmitted", "SubmitOrder", cancellationToken);
        time += CompletedSteps[0];
        await AddAsync(db, Completed, time, "AwaitingPayment", "AwaitingInventory", "PaymentProcessed", "PaymentProcessed", cancellationToken);
        time += CompletedSteps[1];
        await AddAsync(db, Completed, time, "AwaitingInventory", "AwaitingShipment", "InventoryReserved", "InventoryReserved", cancellationToken);
        time += CompletedSteps[2];
        await AddAsync(db, Completed, time, "AwaitingShipment", "Completed", "ShipmentCreated", "ShipmentCreated", cancellationToken);

        await AddAsync(db, Compensated, submitted.AddMinutes(1), "Initial", "AwaitingPayment", "OrderSubmitted", "SubmitOrder", cancellationToken);
        await AddAsync(db, Compensated, submitted.AddMinutes(2), "AwaitingPayment", "Compensated", "PaymentDeclined", "PaymentDeclined", cancellationToken);

        await AddAsync(db, Stuck, submitted.AddMinutes(3), "Initial", "AwaitingPayment", "OrderSubmitted", "SubmitOrder", cancellationToken);
        await AddAsync(db, Stuck, Now.AddMinutes(-20), "AwaitingPayment", "AwaitingInventory", "PaymentProcessed", "PaymentProcessed", cancellationToken);
    }

    static OrderState Order(Guid id, string state, DateTime createdAt, DateTime updatedAt, Action<OrderState> set)
    {
        var order = new OrderState
        {
            CorrelationId = id,
            OrderId = id,
            CurrentState = state,
            CustomerId = "CUST-1001",
            Amount = 24.8m,
            Currency = "EUR",
            PaymentId = Guid.NewGuid(),
            DefinitionVersion = 1,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
        };
        set(order);
        return order;
    }

    // One by one, so that the history's ids follow the transitions' order.
    static async Task AddAsync(OrderSagaDbContext db, Guid id, DateTime at, string from, string to, string @event, string messageType,
        CancellationToken cancellationToken)
    {
        db.Transitions.Add(new Transition
        {
            CorrelationId = id, SagaType = nameof(OrderState), FromState = from, ToState = to, Event = @event, MessageId = Guid.NewGuid(),
            OccurredAt = at, MessageType = $"urn:message:Saga.Contracts:{messageType}", DefinitionVersion = 1,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
