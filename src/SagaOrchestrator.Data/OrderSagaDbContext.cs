using Microsoft.EntityFrameworkCore;
using Saga.Persistence;
using Saga.Persistence.Transitions;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Persistence;

/// <summary>
/// The orchestrator's database: one row per order saga, the history of its transitions, the outbox and inbox that commit
/// with them, the scheduled step deadlines, and the audit of the operators' actions.
/// </summary>
public sealed class OrderSagaDbContext : DbContext
{
    public OrderSagaDbContext(DbContextOptions<OrderSagaDbContext> options)
        : base(options)
    {
    }

    public DbSet<OrderState> Orders => Set<OrderState>();

    public DbSet<SagaTransition> Transitions => Set<SagaTransition>();

    public DbSet<OperatorAction> OperatorActions => Set<OperatorAction>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new OrderStateMap());
        modelBuilder.ApplyConfiguration(new OperatorActionMap());
        modelBuilder.SagaTransitions();
        modelBuilder.TransactionalOutbox();
        modelBuilder.DurableScheduler();
    }
}
