using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests;

/// <summary>
/// The statement that records delivered batches, built from the model in each provider's dialect. SQL Server cannot run
/// here, so its statement is checked as text; PostgreSQL and SQLite run it in <see cref="DeliveryRecordingTests"/>.
/// </summary>
public sealed class DeliveryRecordStatementTests
{
    static LedgerDbContext SqlServerLedger() =>
        new(new DbContextOptionsBuilder<LedgerDbContext>().UseSqlServer("Server=localhost;Database=x").Options);

    [Test]
    public void On_sql_server_batches_are_deleted_by_id_and_lease_and_only_the_messages_of_removed_batches_are_marked()
    {
        using var db = SqlServerLedger();

        Assert.That(OutboxStatements.For(db, SqlServerDialect.Instance).RecordDelivered(2), Is.EqualTo(
            "DELETE FROM [outbox_batches] WHERE ([OutboxId] = {0} AND [LeaseId] = {1}) OR ([OutboxId] = {3} AND [LeaseId] = {4}); " +
            "UPDATE [outbox_messages] SET [DeliveredAt] = CASE [OutboxId] WHEN {0} THEN {2} WHEN {3} THEN {5} END " +
            "WHERE [OutboxId] IN ({0}, {3}) AND [OutboxId] NOT IN (SELECT [OutboxId] FROM [outbox_batches] WHERE [OutboxId] IN ({0}, {3})) " +
            "AND [DeliveredAt] IS NULL"));
    }

    [Test]
    public void On_sql_server_without_retention_the_messages_of_removed_batches_are_deleted()
    {
        using var db = SqlServerLedger();

        Assert.That(OutboxStatements.For(db, SqlServerDialect.Instance).DiscardDelivered(2), Is.EqualTo(
            "DELETE FROM [outbox_batches] WHERE ([OutboxId] = {0} AND [LeaseId] = {1}) OR ([OutboxId] = {2} AND [LeaseId] = {3}); " +
            "DELETE FROM [outbox_messages] WHERE [OutboxId] IN ({0}, {2}) AND [OutboxId] NOT IN (SELECT [OutboxId] FROM [outbox_batches] WHERE [OutboxId] IN ({0}, {2}))"));
    }
}
