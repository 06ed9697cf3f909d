using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Tests.Sagas;

/// <summary>A second model of <see cref="TallyState"/> (another context type, another table), in the same process as <see cref="TallyDbContext"/>.</summary>
public sealed class TallyArchiveDbContext(DbContextOptions<TallyArchiveDbContext> options) : DbContext(options)
{
    public DbSet<TallyState> Tallies => Set<TallyState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var tally = modelBuilder.Entity<TallyState>().IsSaga();
        tally.ToTable("archived_tallies");
        tally.Property(x => x.CurrentState).HasMaxLength(64);
        tally.Property(x => x.Name).HasMaxLength(64);
        modelBuilder.SagaTransitions();
    }
}
