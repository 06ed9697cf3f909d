using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Scheduling;

namespace Saga.Persistence;

public static class SchedulerModelBuilderExtensions
{
    /// <summary>Maps the durable scheduler's <c>scheduled_messages</c> table; the context also needs the transactional outbox.</summary>
    public static ModelBuilder DurableScheduler(this ModelBuilder modelBuilder)
    {
        var scheduled = modelBuilder.Entity<ScheduledMessage>();
        scheduled.ToTable("scheduled_messages");
        scheduled.HasKey(x => x.TokenId);
        scheduled.Property(x => x.TokenId).ValueGeneratedNever();
        scheduled.Property(x => x.DestinationAddress).HasConversion<string>().HasMaxLength(256);
        scheduled.Property(x => x.SourceAddress).HasConversion<string>().HasMaxLength(256);
        scheduled.Property(x => x.ContentType).HasMaxLength(256);
        scheduled.HasIndex(x => x.DueAt);
        scheduled.StoredAsUtc();
        return modelBuilder;
    }
}
