using System.Collections.Concurrent;
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
    readonly ConcurrentDictionary<int, string> _discardDelivered = new();
    readonly ConcurrentDictionary<int, string> _recordDelivered = new();
    readonly DeliveredBatchTables _tables;

    OutboxStatements(string claimInbox, string lockBatches, DeliveredBatchTables tables)
    {
        ClaimInbox = claimInbox;
        LockBatches = lockBatches;
        _tables = tables;
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
    /// Removes the <paramref name="count"/> batches that still carry the leases the caller took, and then marks their
    /// messages delivered, in one round trip; the caller runs it in a transaction. The batch rows are locked first and
    /// their messages second, as the delivery pass does, so the two never wait on each other crosswise; a batch another
    /// instance took over is left alone, messages and all. Parameters, per batch <c>i</c>: outbox id <c>{3i}</c>, lease
    /// id <c>{3i+1}</c>, delivered at <c>{3i+2}</c>.
    /// </summary>
    public string RecordDelivered(int count) => _recordDelivered.GetOrAdd(count, n => _tables.Record(n, retained: true));

    /// <summary>
    /// As <see cref="RecordDelivered"/>, for no retention: removes the batches still leased by the caller, then their
    /// messages. Parameters, per batch <c>i</c>: outbox id <c>{2i}</c>, lease id <c>{2i+1}</c>.
    /// </summary>
    public string DiscardDelivered(int count) => _discardDelivered.GetOrAdd(count, n => _tables.Record(n, retained: false));

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

        var tables = new DeliveredBatchTables(batch.Name, batch.Column(nameof(OutboxBatch.OutboxId)), batch.Column(nameof(OutboxBatch.LeaseId)),
            message.Name, message.Column(nameof(OutboxMessage.OutboxId)), message.Column(nameof(OutboxMessage.DeliveredAt)));

        return new OutboxStatements(claimInbox, lockBatches, tables);
    }
}
