using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Tests.Ledger;

/// <summary>
/// The ledger's state and, in the same database, its transactional outbox and inbox and the durable scheduler's table
/// (used only by hosts that register the scheduler).
/// </summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<Charge> Charges => Set<Charge>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var charge = modelBuilder.Entity<Charge>();
        charge.ToTable("charges");
        charge.HasKey(x => x.Id);
        charge.Property(x => x.Id).ValueGeneratedNever();
        charge.Property(x => x.AccountId).HasMaxLength(64);
        charge.Property(x => x.Amount).HasPrecision(19, 4);
        charge.Property(x => x.Reference).HasMaxLength(64);

        modelBuilder.TransactionalOutbox();
        modelBuilder.DurableScheduler();
    }
}
