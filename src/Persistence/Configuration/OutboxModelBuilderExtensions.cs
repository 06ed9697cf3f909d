using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;

namespace Saga.Persistence;

public static class OutboxModelBuilderExtensions
{
    /// <summary>
    /// Maps the transactional outbox (<c>outbox_messages</c>, <c>outbox_batches</c>) and inbox (<c>inbox_messages</c>)
    /// into a context, next to the state they protect, so both commit in one transaction.
    /// </summary>
    public static ModelBuilder TransactionalOutbox(this ModelBuilder modelBuilder)
    {
        var message = modelBuilder.Entity<OutboxMessage>();
        message.ToTable("outbox_messages");
        message.HasKey(x => x.SequenceNumber);
        message.Property(x => x.SequenceNumber).ValueGeneratedOnAdd();
        message.Property(x => x.ContentType).HasMaxLength(256);
        message.Property(x => x.MessageType);
        message.Property(x => x.Body);
        message.Property(x => x.SourceAddress).HasConversion<string>().HasMaxLength(256);
        message.Property(x => x.DestinationAddress).HasConversion<string>().HasMaxLength(256);
        message.Property(x => x.ResponseAddress).HasConversion<string>().HasMaxLength(256);
        message.Property(x => x.FaultAddress).HasConversion<string>().HasMaxLength(256);
        message.HasIndex(x => new { x.OutboxId, x.SequenceNumber });
        // Cleanup finds delivered rows by age.
        message.HasIndex(x => x.DeliveredAt);

        var batch = modelBuilder.Entity<OutboxBatch>();
        batch.ToTable("outbox_batches");
        batch.HasKey(x => x.OutboxId);
        batch.Property(x => x.OutboxId).ValueGeneratedNever();
        batch.Property(x => x.LeaseOwner).HasMaxLength(OutboxLeaseRules.MaxInstanceIdLength);
        batch.HasIndex(x => new { x.AvailableAt, x.CreatedAt });

        var inbox = modelBuilder.Entity<InboxMessage>();
        inbox.ToTable("inbox_messages");
        inbox.HasKey(x => new { x.MessageId, x.ConsumerId });
        inbox.Property(x => x.ConsumerType).HasMaxLength(256);
        inbox.HasIndex(x => x.ConsumedAt);

        message.StoredAsUtc();
        batch.StoredAsUtc();
        inbox.StoredAsUtc();
        return modelBuilder;
    }
}
