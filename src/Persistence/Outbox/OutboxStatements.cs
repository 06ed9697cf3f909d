using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Persistence.Inbox;

namespace Saga.Persistence.Outbox;

/// <summary>
/// The statements of the outbox that LINQ cannot express, written from the EF Core model (table, schema and column names
/// as mapped) in the context's dialect, and built once per context model.
/// </summary>
public sealed class OutboxStatements
{
    OutboxStatements(string claimInbox, string lockBatches, string recordDelivered, string discardDelivered)
    {
        ClaimInbox = claimInbox;
        LockBatches = lockBatches;
        RecordDelivered = recordDelivered;
        DiscardDelivered = discardDelivered;
    }

    /// <summary>
    /// Inserts the inbox row unless it exists, waiting for a concurrent insert of the same key to commit or roll back;
    /// affects one row when this delivery is the first. Parameters: message id, consumer id, consumer type, consumed at.
    /// </summary>
    public string ClaimInbox { get; }

    /// <summary>
    /// Reads the oldest available outbox batches that are not dead and locks them until the transaction ends, skipping
    /// batches another delivery instance holds. Parameters: batch limit, now (the database's clock).
    /// </summary>
    public string LockBatches { get; }

    /// <summary>
    /// Removes a batch if it still carries the lease the caller took, and then marks its messages delivered, in one round
    /// trip; the caller runs it in a transaction. The batch row is locked first and its messages second, as the delivery pass does, so the
    /// two never wait on each other crosswise; a batch another instance took over is left alone, messages and all.
    /// Parameters: outbox id, delivered at, lease id.
    /// </summary>
    public string RecordDelivered { get; }

    /// <summary>
    /// As <see cref="RecordDelivered"/>, for no retention: removes the batch if still leased by the caller, then its
    /// messages. Parameters: outbox id, lease id.
    /// </summary>
    public string DiscardDelivered { get; }

    public static OutboxStatements For(DbContext dbContext, ISqlDialect dialect) =>
        StatementCache.Get(dialect, dbContext, typeof(OutboxStatements), () => Build(dbContext, dialect));

    static OutboxStatements Build(DbContext dbContext, ISqlDialect dialect)
    {
        var inbox = MappedTable.For<InboxMessage>(dbContext, nameof(OutboxModelBuilderExtensions.TransactionalOutbox));
        var batch = MappedTable.For<OutboxBatch>(dbContext, nameof(OutboxModelBuilderExtensions.TransactionalOutbox));
        var message = MappedTable.For<OutboxMessage>(dbContext, nameof(OutboxModelBuilderExtensions.TransactionalOutbox));

        var inboxColumns = string.Join(", ", inbox.Column(nameof(InboxMessage.MessageId)), inbox.Column(nameof(InboxMessage.ConsumerId)),
            inbox.Column(nameof(InboxMessage.ConsumerType)), inbox.Column(nameof(InboxMessage.ConsumedAt)));
        var sameInboxKey = $"{inbox.Column(nameof(InboxMessage.MessageId))} = {{0}} AND {inbox.Column(nameof(InboxMessage.ConsumerId))} = {{1}}";
        var lockBatches = dialect.LockRows(batch.Name,
            $"{batch.Column(nameof(OutboxBatch.AvailableAt))} <= {{1}} AND {batch.Column(nameof(OutboxBatch.DeadAt))} IS NULL",
            $"{batch.Column(nameof(OutboxBatch.CreatedAt))}, {batch.Column(nameof(OutboxBatch.OutboxId))}");

        var claimInbox = dialect.InsertUnlessPresent(inbox.Name, inboxColumns, "{0}, {1}, {2}, {3}", sameInboxKey);

        var deliveredAt = message.Column(nameof(OutboxMessage.DeliveredAt));
        var batchId = batch.Column(nameof(OutboxBatch.OutboxId));
        var messagesOfBatch = $"{message.Column(nameof(OutboxMessage.OutboxId))} = {{0}}";
        var batchGone = $"NOT EXISTS (SELECT 1 FROM {batch.Name} WHERE {batchId} = {{0}})";
        string DeleteLeasedBatch(int leaseParameter) =>
            $"DELETE FROM {batch.Name} WHERE {batchId} = {{0}} AND {batch.Column(nameof(OutboxBatch.LeaseId))} = {{{leaseParameter}}}";

        var recordDelivered = $"{DeleteLeasedBatch(2)}; UPDATE {message.Name} SET {deliveredAt} = {{1}} WHERE {messagesOfBatch} AND {deliveredAt} IS NULL AND {batchGone}";
        var discardDelivered = $"{DeleteLeasedBatch(1)}; DELETE FROM {message.Name} WHERE {messagesOfBatch} AND {batchGone}";

        return new OutboxStatements(claimInbox, lockBatches, recordDelivered, discardDelivered);
    }
}
