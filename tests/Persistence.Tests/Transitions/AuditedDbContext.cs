using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Transitions;

namespace Saga.Persistence.Tests.Transitions;

public sealed class AuditedDbContext(DbContextOptions<AuditedDbContext> options) : DbContext(options)
{
    public DbSet<AuditedState> Sagas => Set<AuditedState>();

    public DbSet<SagaTransition> Transitions => Set<SagaTransition>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var saga = modelBuilder.Entity<AuditedState>().IsSaga();
        saga.ToTable("audited_sagas");
        saga.Property(x => x.CurrentState).HasMaxLength(64);
        modelBuilder.SagaTransitions();
    }
}
