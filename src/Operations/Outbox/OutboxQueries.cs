using System.Globalization;
using Saga.Operations.Connection;
using Saga.Persistence.Dialects;

namespace Saga.Operations.Outbox;

/// <summary>
/// What the CLI reads and changes in a service's outbox tables (<c>outbox_batches</c>, <c>outbox_messages</c>), as
/// <c>OutboxDeadLetters</c> does in the service itself: the same rows, the same reset.
/// </summary>
public sealed class OutboxQueries(SagaDatabase database)
{
    const string Missing = "outbox_batches/outbox_messages tables: apply the service's migrations";

    readonly ISqlDialect _sql = database.Dialect;

    string Batches => database.Qualify("outbox_batches");

    string Messages => database.Qualify("outbox_messages");

    /// <summary>The dead batches, oldest first, each with its undelivered messages in order.</summary>
    public async Task<IReadOnlyList<DeadBatch>> DeadAsync(CancellationToken cancellationToken)
    {
        await using var batches = database.Command(
            $"SELECT outbox_id, created_at, dead_at, delivery_attempts, last_error FROM {Batches} WHERE dead_at IS NOT NULL ORDER BY created_at, outbox_id");
        var rows = await database.ReadAsync(batches, reader => (
            Id: DbValues.Id(reader, "outbox_id")!.Value,
            CreatedAt: DbValues.RequiredTime(reader, "created_at"),
            DeadAt: DbValues.RequiredTime(reader, "dead_at"),
            Attempts: (int)DbValues.Number(reader, "delivery_attempts"),
            LastError: DbValues.Text(reader, "last_error")), cancellationToken, Missing);

        // One query for all the messages: dead batches are few, and the join keeps to the dead ones.
        await using var messages = database.Command(
            $"SELECT m.outbox_id, m.sequence_number, m.message_id, m.message_type, m.destination_address FROM {Messages} m " +
            $"JOIN {Batches} b ON b.outbox_id = m.outbox_id WHERE b.dead_at IS NOT NULL AND m.delivered_at IS NULL ORDER BY m.sequence_number");
        var undelivered = (await database.ReadAsync(messages, reader => (
            OutboxId: DbValues.Id(reader, "outbox_id")!.Value,
            Message: new UndeliveredMessage(
                Convert.ToInt64(reader.GetValue(reader.GetOrdinal("sequence_number")), CultureInfo.InvariantCulture),
                DbValues.Id(reader, "message_id")!.Value,
                DbValues.RequiredText(reader, "message_type"),
                DbValues.Text(reader, "destination_address"))), cancellationToken, Missing)).ToLookup(m => m.OutboxId, m => m.Message);

        return [.. rows.Select(r => new DeadBatch(r.Id, r.CreatedAt, r.DeadAt, r.Attempts, r.LastError, [.. undelivered[r.Id]]))];
    }

    /// <summary>
    /// Puts dead batches back in line in one statement, as <c>OutboxDeadLetters.Requeue</c> does: alive again, a fresh count
    /// of attempts, due now on the database's clock (the last error stays until the next attempt). Those given, or every
    /// dead batch when <paramref name="outboxIds"/> is empty; returns the ids requeued (an id that is not a dead batch is not).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RequeueAsync(IReadOnlyCollection<Guid> outboxIds, CancellationToken cancellationToken)
    {
        var ids = outboxIds.Distinct().Select((id, i) => (Name: $"@id{i}", Value: _sql.Id(id))).ToList();
        var where = ids.Count == 0 ? "dead_at IS NOT NULL" : $"dead_at IS NOT NULL AND outbox_id IN ({string.Join(", ", ids.Select(i => i.Name))})";
        var sql = _sql.UpdateReturning(Batches, $"dead_at = NULL, delivery_attempts = 0, available_at = {_sql.UtcNow}", where, "outbox_id");
        await using var command = database.Command(sql, [.. ids]);
        return await database.ReadAsync(command, reader => DbValues.Id(reader, "outbox_id")!.Value, cancellationToken, Missing);
    }
}
