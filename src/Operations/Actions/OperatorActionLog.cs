using Saga.Operations.Connection;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Operations.Actions;

/// <summary>
/// The audit of operators' actions, the orchestrator database's <c>operator_actions</c> table (<see cref="OperatorAction"/>),
/// written and read with plain SQL through the provider's client (<see cref="SagaDatabase"/>), as the saga views are read.
/// Writing needs INSERT on that table only (the <c>saga_operator</c> role of deploy/sql). A failure is an
/// <see cref="OperationException"/>.
/// </summary>
public sealed class OperatorActionLog(OperatorSettings settings, TimeProvider timeProvider)
{
    const string Table = "operator_actions";
    const string Missing = "operator_actions table: apply the orchestrator's migrations (Saga.SagaOrchestrator migrate, AddOperatorActions)";
    const string Columns = "action_id, occurred_at, operator, action, target, outcome, detail";

    /// <summary>Records one action at the current time; text longer than its column is cut to fit.</summary>
    public async Task RecordAsync(string operatorName, string action, string target, string outcome, string? detail, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);

        await using var database = await SagaDatabase.OpenAsync(settings, writable: true, ct);
        await using var command = database.Command(
            $"INSERT INTO {database.Qualify(Table)} (occurred_at, operator, action, target, outcome, detail) " +
            "VALUES (@occurred_at, @operator, @action, @target, @outcome, @detail)",
            ("@occurred_at", timeProvider.GetUtcNow().UtcDateTime),
            ("@operator", Fit(operatorName, OperatorAction.MaxOperatorLength)),
            ("@action", Fit(action, OperatorAction.MaxActionLength)),
            ("@target", Fit(target, OperatorAction.MaxTargetLength)),
            ("@outcome", Fit(outcome, OperatorAction.MaxOutcomeLength)),
            ("@detail", detail is null ? DBNull.Value : Fit(detail, OperatorAction.MaxDetailLength)));
        await database.ExecuteAsync(command, ct, Missing);
    }

    /// <summary>The latest <paramref name="limit"/> actions, newest first.</summary>
    public async Task<IReadOnlyList<OperatorActionRecord>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var database = await SagaDatabase.OpenAsync(settings, cancellationToken);
        await using var command = database.Command(
            $"SELECT {Columns} FROM {database.Qualify(Table)} ORDER BY occurred_at DESC, action_id DESC {database.Dialect.Page}",
            ("@skip", 0), ("@take", limit));
        return await database.ReadAsync(command, reader => new OperatorActionRecord(
            DbValues.Count(reader, reader.GetOrdinal("action_id")),
            DbValues.RequiredTime(reader, "occurred_at"),
            DbValues.RequiredText(reader, "operator"),
            DbValues.RequiredText(reader, "action"),
            DbValues.RequiredText(reader, "target"),
            DbValues.RequiredText(reader, "outcome"),
            DbValues.Text(reader, "detail")), cancellationToken, Missing);
    }

    static string Fit(string text, int length) => text.Length <= length ? text : text[..length];
}
