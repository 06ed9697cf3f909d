using Saga.Benchmarks.Measurement;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// Per service, <c>delivered_at − sent_time</c> of the outbox rows written during the measured window. <c>sent_time</c> is
/// stamped when the message is written inside the consuming transaction, before it commits, so this is an upper bound of
/// commit → confirm: it includes the rest of the unit of work and the commit itself.
/// </summary>
public sealed record OutboxConfirmLag(IReadOnlyDictionary<string, LatencySummary> PerService, LatencySummary All, long Undelivered)
{
    public static async Task<OutboxConfirmLag> ReadAsync(SagaSystem system, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var perService = new Dictionary<string, LatencySummary>();
        var all = new List<TimeSpan>();
        long undelivered = 0;
        foreach (var (service, connectionString) in system.Databases)
        {
            var lags = await Sql.QueryAsync(connectionString,
                "SELECT delivered_at - sent_time FROM outbox_messages WHERE sent_time >= $1 AND sent_time < $2 AND delivered_at IS NOT NULL",
                reader => reader.GetTimeSpan(0), cancellationToken, fromUtc, toUtc);
            undelivered += await Sql.ScalarAsync<long>(connectionString,
                "SELECT count(*) FROM outbox_messages WHERE sent_time >= $1 AND sent_time < $2 AND delivered_at IS NULL",
                cancellationToken, fromUtc, toUtc);
            perService[service] = LatencySummary.Of(lags);
            all.AddRange(lags);
        }

        return new OutboxConfirmLag(perService, LatencySummary.Of(all), undelivered);
    }
}
