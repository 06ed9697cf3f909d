using Saga.Operations.Connection;
using Saga.Persistence.Dialects;

namespace Saga.Operations.Sagas;

/// <summary>
/// What the console's overview reads besides <see cref="SagaQueries.StatsAsync"/>: compensations per minute and the
/// orders stuck in flight per state, through <c>saga_overview</c>. Both filter on a time column against a cut-off computed
/// here, so the indexes on <c>compensated_at</c> and <c>(current_state, updated_at)</c> serve them.
/// </summary>
public sealed class SagaActivityQueries(SagaDatabase database)
{
    readonly ISqlDialect _sql = database.Dialect;

    string Overview => database.Qualify("saga_overview");

    /// <summary>Orders compensated per minute since <paramref name="since"/> (minutes without any left out), oldest first.</summary>
    public async Task<IReadOnlyList<MinuteCount>> CompensationsPerMinuteAsync(DateTime since, CancellationToken cancellationToken)
    {
        var minute = _sql.TruncateToMinute("compensated_at");
        await using var command = database.Command(
            $"SELECT {minute} AS minute, COUNT(*) AS compensated FROM {Overview} WHERE compensated_at >= @since GROUP BY {minute} ORDER BY minute",
            ("@since", since));
        return await database.ReadAsync(command, reader => new MinuteCount(DbValues.RequiredTime(reader, "minute"), DbValues.Count(reader, 1)),
            cancellationToken);
    }

    /// <summary>
    /// Per state that is not final (<see cref="SagaStates.Final"/>), the orders whose last change is older than
    /// <paramref name="updatedBefore"/>; states without such an order are left out.
    /// </summary>
    public async Task<IReadOnlyList<StuckStateCount>> StuckAsync(DateTime updatedBefore, CancellationToken cancellationToken)
    {
        var finals = SagaStates.Final.Select((state, i) => (Name: $"@final{i}", Value: (object)state)).ToList();
        await using var command = database.Command(
            $"SELECT state, COUNT(*) AS stuck, MIN(updated_at) AS oldest FROM {Overview} " +
            $"WHERE state NOT IN ({string.Join(", ", finals.Select(f => f.Name))}) AND updated_at < @updated_before GROUP BY state ORDER BY state",
            [.. finals, ("@updated_before", updatedBefore)]);
        return await database.ReadAsync(command,
            reader => new StuckStateCount(DbValues.RequiredText(reader, "state"), DbValues.Count(reader, 1), DbValues.RequiredTime(reader, "oldest")),
            cancellationToken);
    }
}
