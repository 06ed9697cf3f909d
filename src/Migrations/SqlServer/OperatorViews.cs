using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Hosting.Database;

namespace Saga.Migrations.SqlServer;

/// <summary>
/// The views an operator reads instead of the orchestrator's tables, as its initial migration creates them:
/// <c>saga_overview</c> (one row per order saga, the step it is at, ages in whole seconds) and <c>saga_history</c> (its
/// transitions; order by <c>transition_id</c>). Their names follow the configured schema (<see cref="SchemaQualifiedSql"/>).
/// Ages are <c>bigint</c>: elapsed milliseconds (<c>DATEDIFF</c> counts boundaries, not time) cut to whole seconds. A
/// view cannot be ordered on SQL Server, and CREATE VIEW must be alone in its batch: it runs as dynamic SQL, since an
/// idempotent script puts every statement inside an IF block.
/// A later change to a view goes in a migration of its own, with its SQL written out there, so that this stays what the
/// initial migration creates.
/// </summary>
public static class OperatorViews
{
    public static void CreateOperatorViews(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.SqlInSchema(name => Exec($"""
            CREATE VIEW {name("saga_overview")} AS
            SELECT s.[correlation_id] AS [order_id],
                   s.[current_state] AS [state],
                   CASE s.[current_state]
                       WHEN N'AwaitingPayment' THEN N'Payment'
                       WHEN N'AwaitingInventory' THEN N'Inventory'
                       WHEN N'AwaitingShipment' THEN N'Shipping'
                       WHEN N'Compensating' THEN s.[compensating_step]
                       WHEN N'CompensationFailed' THEN s.[compensating_step]
                   END AS [current_step],
                   s.[customer_id],
                   s.[amount],
                   s.[currency],
                   s.[created_at],
                   s.[updated_at],
                   s.[completed_at],
                   s.[compensated_at],
                   DATEDIFF_BIG(millisecond, s.[created_at], SYSUTCDATETIME()) / 1000 AS [age_seconds],
                   DATEDIFF_BIG(millisecond, s.[updated_at], SYSUTCDATETIME()) / 1000 AS [idle_seconds],
                   s.[failure_kind],
                   s.[failure_reason],
                   s.[compensation_error],
                   s.[compensation_attempts],
                   s.[timed_out_step],
                   s.[in_doubt_step],
                   s.[payment_id],
                   s.[reservation_id],
                   s.[shipment_id]
            FROM {name("order_sagas")} AS s;
            """));

        migrationBuilder.SqlInSchema(name => Exec($"""
            CREATE VIEW {name("saga_history")} AS
            SELECT t.[correlation_id] AS [order_id],
                   t.[id] AS [transition_id],
                   t.[occurred_at],
                   t.[from_state],
                   t.[to_state],
                   t.[event],
                   t.[message_id]
            FROM {name("saga_transitions")} AS t
            WHERE t.[saga_type] = N'OrderState';
            """));
    }

    public static void DropOperatorViews(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_history")};");
        migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_overview")};");
    }

    static string Exec(string sql) => $"EXEC(N'{sql.Replace("'", "''", StringComparison.Ordinal)}');";
}
