using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Tests.Sagas;

public sealed class TallyDbContext(DbContextOptions<TallyDbContext> options) : DbContext(options)
{
    public DbSet<TallyState> Tallies => Set<TallyState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var tally = modelBuilder.Entity<TallyState>().IsSaga();
        tally.ToTable("tallies");
        tally.Property(x => x.CurrentState).HasMaxLength(64);
        tally.Property(x => x.Name).HasMaxLength(64);
        modelBuilder.SagaTransitions();
    }
}
