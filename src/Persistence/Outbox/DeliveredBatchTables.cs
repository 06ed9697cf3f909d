using System.Text;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Writes the statement that records delivered batches, for any number of them, in SQL every supported database reads
/// alike: the batch rows deleted by (id, lease) pairs, then the messages of the batches that are gone marked (one
/// <c>CASE</c> for their delivery times) or deleted. Names as mapped and delimited.
/// </summary>
internal sealed record DeliveredBatchTables(string Batches, string BatchId, string LeaseId, string Messages, string MessageBatchId, string DeliveredAt)
{
    public string Record(int count, bool retained)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var stride = retained ? 3 : 2;
        string Id(int i) => $"{{{i * stride}}}";
        string Lease(int i) => $"{{{i * stride + 1}}}";
        string At(int i) => $"{{{i * stride + 2}}}";

        var ids = string.Join(", ", Enumerable.Range(0, count).Select(Id));
        var sql = new StringBuilder();
        sql.Append($"DELETE FROM {Batches} WHERE ");
        sql.AppendJoin(" OR ", Enumerable.Range(0, count).Select(i => $"({BatchId} = {Id(i)} AND {LeaseId} = {Lease(i)})"));
        sql.Append("; ");

        // Only the messages of batches that are gone now: deleted just above, or by an earlier record (then nothing is
        // left to mark). A batch another instance took over still exists, and its messages are not touched.
        var ofGoneBatches = $"{MessageBatchId} IN ({ids}) AND {MessageBatchId} NOT IN (SELECT {BatchId} FROM {Batches} WHERE {BatchId} IN ({ids}))";
        if (retained)
        {
            sql.Append($"UPDATE {Messages} SET {DeliveredAt} = CASE {MessageBatchId}");
            for (var i = 0; i < count; i++)
                sql.Append($" WHEN {Id(i)} THEN {At(i)}");
            sql.Append($" END WHERE {ofGoneBatches} AND {DeliveredAt} IS NULL");
        }
        else
        {
            sql.Append($"DELETE FROM {Messages} WHERE {ofGoneBatches}");
        }

        return sql.ToString();
    }
}
