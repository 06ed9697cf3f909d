using System.Data.Common;
using System.Globalization;
using Saga.Operations.Connection;
using Saga.Persistence.Dialects;

namespace Saga.Operations.Sagas;

/// <summary>What the CLI reads from the orchestrator's database: the <c>saga_overview</c> and <c>saga_history</c> views only.</summary>
public sealed class SagaQueries(SagaDatabase database)
{
    const string OverviewColumns = "order_id, state, current_step, definition_version, customer_id, customer_reference, amount, currency, " +
                                   "created_at, updated_at, completed_at, compensated_at, age_seconds, idle_seconds, failure_kind, failure_reason, " +
                                   "compensation_error, timed_out_step, payment_id, fraud_check_id, reservation_id, shipment_id";

    readonly ISqlDialect _sql = database.Dialect;

    string Overview => database.Qualify("saga_overview");

    string History => database.Qualify("saga_history");

    public async Task<SagaOverview?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var command = database.Command($"SELECT {OverviewColumns} FROM {Overview} WHERE order_id = @order_id",
            ("@order_id", _sql.Id(orderId)));
        return (await database.ReadAsync(command, ReadOverview, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<SagaTransition>> HistoryAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var command = database.Command(
            $"SELECT transition_id, occurred_at, from_state, to_state, event, message_type, message_id, definition_version FROM {History} WHERE order_id = @order_id ORDER BY transition_id",
            ("@order_id", _sql.Id(orderId)));
        return await database.ReadAsync(command, reader => new SagaTransition(
            Convert.ToInt64(reader.GetValue(reader.GetOrdinal("transition_id")), CultureInfo.InvariantCulture),
            DbValues.RequiredTime(reader, "occurred_at"),
            DbValues.Text(reader, "from_state"),
            DbValues.RequiredText(reader, "to_state"),
            DbValues.Text(reader, "event"),
            DbValues.Text(reader, "message_type"),
            DbValues.Id(reader, "message_id"),
            DbValues.WholeNumber(reader, "definition_version")), cancellationToken);
    }

    /// <summary>One page, newest first; the age bounds compare <c>created_at</c> with a cut-off computed here, so the index serves it.</summary>
    public async Task<SagaPage> ListAsync(SagaListQuery query, DateTime now, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object)>();
        if (query.States.Count > 0)
        {
            var names = query.States.Select((state, i) => (Name: $"@state{i}", Value: state)).ToList();
            conditions.Add($"state IN ({string.Join(", ", names.Select(n => n.Name))})");
            parameters.AddRange(names.Select(n => (n.Name, (object)n.Value)));
        }

        if (query.OlderThan is { } olderThan)
        {
            conditions.Add("created_at <= @created_before");
            parameters.Add(("@created_before", now - olderThan));
        }

        if (query.NewerThan is { } newerThan)
        {
            conditions.Add("created_at >= @created_after");
            parameters.Add(("@created_after", now - newerThan));
        }

        if (query.CustomerId is { } customerId)
        {
            conditions.Add("customer_id = @customer_id");
            parameters.Add(("@customer_id", customerId));
        }

        switch (query.Failure)
        {
            case null:
                break;
            case SagaFailureKinds.Any:
                conditions.Add("failure_kind IS NOT NULL");
                break;
            case SagaFailureKinds.CompensationError:
                conditions.Add("compensation_error IS NOT NULL");
                break;
            default:
                conditions.Add("failure_kind = @failure_kind");
                parameters.Add(("@failure_kind", query.Failure));
                break;
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        await using var count = database.Command($"SELECT COUNT(*) FROM {Overview}{where}", [.. parameters]);
        var total = (await database.ReadAsync(count, reader => DbValues.Count(reader, 0), cancellationToken)).Single();

        parameters.Add(("@skip", (query.Page - 1) * query.PageSize));
        parameters.Add(("@take", query.PageSize));
        await using var page = database.Command(
            $"SELECT {OverviewColumns} FROM {Overview}{where} ORDER BY created_at DESC, order_id {_sql.Page}", [.. parameters]);
        var orders = await database.ReadAsync(page, ReadOverview, cancellationToken);
        return new SagaPage(query.Page, query.PageSize, total, orders);
    }

    public async Task<SagaStats> StatsAsync(int minutes, DateTime now, CancellationToken cancellationToken)
    {
        await using var perState = database.Command($"SELECT state, COUNT(*) FROM {Overview} GROUP BY state ORDER BY state");
        var states = await database.ReadAsync(perState, reader => new StateCount(reader.GetString(0), DbValues.Count(reader, 1)), cancellationToken);

        var minute = _sql.TruncateToMinute("completed_at");
        await using var perMinute = database.Command(
            $"SELECT {minute} AS minute, COUNT(*) AS completed FROM {Overview} WHERE completed_at >= @since GROUP BY {minute} ORDER BY minute",
            ("@since", now.AddMinutes(-minutes)));
        var completions = await database.ReadAsync(perMinute,
            reader => new MinuteCount(DbValues.RequiredTime(reader, "minute"), DbValues.Count(reader, 1)), cancellationToken);
        return new SagaStats(states, states.Sum(s => s.Count), minutes, completions.Sum(c => c.Count), completions);
    }

    static SagaOverview ReadOverview(DbDataReader reader) => new(
        DbValues.Id(reader, "order_id") ?? Guid.Empty,
        DbValues.RequiredText(reader, "state"),
        DbValues.Text(reader, "current_step"),
        DbValues.WholeNumber(reader, "definition_version") ?? 1,
        DbValues.Text(reader, "customer_id"),
        DbValues.Text(reader, "customer_reference"),
        DbValues.Money(reader, "amount"),
        DbValues.Text(reader, "currency"),
        DbValues.RequiredTime(reader, "created_at"),
        DbValues.RequiredTime(reader, "updated_at"),
        DbValues.Time(reader, "completed_at"),
        DbValues.Time(reader, "compensated_at"),
        DbValues.Number(reader, "age_seconds"),
        DbValues.Number(reader, "idle_seconds"),
        DbValues.Text(reader, "failure_reason"),
        DbValues.Text(reader, "compensation_error"),
        DbValues.Text(reader, "timed_out_step"),
        DbValues.Id(reader, "payment_id"),
        DbValues.Id(reader, "fraud_check_id"),
        DbValues.Id(reader, "reservation_id"),
        DbValues.Id(reader, "shipment_id"))
    {
        FailureKind = DbValues.Text(reader, "failure_kind"),
    };
}
