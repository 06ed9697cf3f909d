using Saga.Operations.Connection;

namespace Saga.Operations.Outbox;

/// <summary>Reads a service's <see cref="OutboxBacklog"/> from its <c>outbox_batches</c> table in one aggregate query.</summary>
public sealed class OutboxBacklogQuery(SagaDatabase database)
{
    const string Missing = "outbox_batches table: apply the service's migrations";

    public async Task<OutboxBacklog> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = database.Command(
            "SELECT COUNT(*) AS undelivered, COALESCE(SUM(CASE WHEN dead_at IS NULL THEN 0 ELSE 1 END), 0) AS dead, MIN(created_at) AS oldest " +
            $"FROM {database.Qualify("outbox_batches")}");
        var rows = await database.ReadAsync(command,
            reader => new OutboxBacklog(DbValues.Count(reader, 0), DbValues.Count(reader, 1), DbValues.Time(reader, "oldest")), cancellationToken, Missing);
        return rows.Single();
    }
}
