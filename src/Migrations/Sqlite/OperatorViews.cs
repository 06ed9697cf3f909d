using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Hosting.Database;

namespace Saga.Migrations.Sqlite;

/// <summary>
/// The views an operator reads instead of the orchestrator's tables, as its initial migration creates them:
/// <c>saga_overview</c> (one row per order saga, the step it is at, ages in whole seconds) and <c>saga_history</c> (its
/// transitions; order by <c>transition_id</c>). Their names follow the configured schema (<see cref="SchemaQualifiedSql"/>).
/// Times are the text EF Core stores; ages are INTEGER, from <c>julianday</c>, cut to whole seconds.
/// A later change to a view goes in a migration of its own, with its SQL written out there, so that this stays what the
/// initial migration creates.
/// </summary>
/// <remarks>
/// SQLite refuses EF Core's table rebuild (create a copy, drop, rename) of a table a view reads: a later migration that
/// rebuilds <c>order_sagas</c> or <c>saga_transitions</c> (dropping or altering a column) drops both views first and
/// creates them again after (a plain <c>ALTER TABLE … DROP COLUMN</c> is not blocked).
/// </remarks>
public static class OperatorViews
{
    public static void CreateOperatorViews(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.SqlInSchema(name => $"""
            CREATE VIEW {name("saga_overview")} AS
            SELECT s.correlation_id AS order_id,
                   s.current_state AS state,
                   CASE s.current_state
                       WHEN 'AwaitingPayment' THEN 'Payment'
                       WHEN 'AwaitingInventory' THEN 'Inventory'
                       WHEN 'AwaitingShipment' THEN 'Shipping'
                       WHEN 'Compensating' THEN s.compensating_step
                       WHEN 'CompensationFailed' THEN s.compensating_step
                   END AS current_step,
                   s.customer_id,
                   s.amount,
                   s.currency,
                   s.created_at,
                   s.updated_at,
                   s.completed_at,
                   s.compensated_at,
                   CAST((julianday('now') - julianday(s.created_at)) * 86400 AS INTEGER) AS age_seconds,
                   CAST((julianday('now') - julianday(s.updated_at)) * 86400 AS INTEGER) AS idle_seconds,
                   s.failure_kind,
                   s.failure_reason,
                   s.compensation_error,
                   s.compensation_attempts,
                   s.timed_out_step,
                   s.in_doubt_step,
                   s.payment_id,
                   s.reservation_id,
                   s.shipment_id
            FROM {name("order_sagas")} AS s;
            """);

        migrationBuilder.SqlInSchema(name => $"""
            CREATE VIEW {name("saga_history")} AS
            SELECT t.correlation_id AS order_id,
                   t.id AS transition_id,
                   t.occurred_at,
                   t.from_state,
                   t.to_state,
                   t.event,
                   t.message_id
            FROM {name("saga_transitions")} AS t
            WHERE t.saga_type = 'OrderState';
            """);
    }

    public static void DropOperatorViews(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_history")};");
        migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_overview")};");
    }
}
