using Microsoft.EntityFrameworkCore;
using Saga.Persistence;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>The benchmark's database: the rows writers commit and, beside them, the transactional outbox.</summary>
public sealed class OutboxLagDbContext(DbContextOptions<OutboxLagDbContext> options) : DbContext(options)
{
    public DbSet<WrittenRecord> Records => Set<WrittenRecord>();

    /// <summary>When this context's last transaction committed (UTC), set by <see cref="CommitTimeInterceptor"/>.</summary>
    public DateTime? LastCommittedAt { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var record = modelBuilder.Entity<WrittenRecord>();
        record.ToTable("written_records");
        record.HasKey(x => x.Id);
        record.Property(x => x.Id).ValueGeneratedNever();

        modelBuilder.TransactionalOutbox();
    }
}
