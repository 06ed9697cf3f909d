using Microsoft.Data.Sqlite;
using Npgsql;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// Interim: the <c>saga_overview</c> and <c>saga_history</c> views come with an orchestrator migration on another branch.
/// Until it is merged, the CLI tests create views with the agreed columns over the tables, only when the migration has not
/// created them; once it has, this does nothing and the tests run against the real views.
/// </summary>
public static class InterimSagaViews
{
    const string Overview = """
        CREATE VIEW saga_overview AS
        SELECT correlation_id AS order_id, current_state AS state,
               CASE current_state WHEN 'AwaitingPayment' THEN 'Payment' WHEN 'AwaitingInventory' THEN 'Inventory'
                                  WHEN 'AwaitingShipment' THEN 'Shipping' WHEN 'Compensating' THEN compensating_step END AS current_step,
               customer_id, amount, currency, created_at, updated_at, completed_at, compensated_at,
               EXTRACT(EPOCH FROM now() - created_at) AS age_seconds, EXTRACT(EPOCH FROM now() - updated_at) AS idle_seconds,
               failure_reason, compensation_error, timed_out_step, payment_id, reservation_id, shipment_id
        FROM order_sagas
        """;

    const string History = """
        CREATE VIEW saga_history AS
        SELECT correlation_id AS order_id, id AS transition_id, occurred_at, from_state, to_state, event, message_id
        FROM saga_transitions
        """;

    const string SqliteOverview = """
        CREATE VIEW saga_overview AS
        SELECT correlation_id AS order_id, current_state AS state,
               CASE current_state WHEN 'AwaitingPayment' THEN 'Payment' WHEN 'AwaitingInventory' THEN 'Inventory'
                                  WHEN 'AwaitingShipment' THEN 'Shipping' WHEN 'Compensating' THEN compensating_step END AS current_step,
               customer_id, amount, currency, created_at, updated_at, completed_at, compensated_at,
               (julianday('now') - julianday(created_at)) * 86400.0 AS age_seconds,
               (julianday('now') - julianday(updated_at)) * 86400.0 AS idle_seconds,
               failure_reason, compensation_error, timed_out_step, payment_id, reservation_id, shipment_id
        FROM order_sagas
        """;

    public static async Task EnsureOnSqliteAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' AND name = 'saga_overview'";
        if ((long)(await exists.ExecuteScalarAsync())! > 0)
            return;
        foreach (var sql in new[] { SqliteOverview, History })
        {
            await using var create = connection.CreateCommand();
            create.CommandText = sql;
            await create.ExecuteNonQueryAsync();
        }
    }

    public static async Task EnsureAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('saga_overview') IS NOT NULL", connection);
        if ((bool)(await exists.ExecuteScalarAsync())!)
            return;
        foreach (var sql in new[] { Overview, History })
        {
            await using var create = new NpgsqlCommand(sql, connection);
            await create.ExecuteNonQueryAsync();
        }
    }
}
