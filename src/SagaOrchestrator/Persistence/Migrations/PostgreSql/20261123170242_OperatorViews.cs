using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Hosting.Database;

#nullable disable

namespace Saga.SagaOrchestrator.Persistence.Migrations.PostgreSql
{
    /// <summary>
    /// The views an operator reads instead of the tables: <c>saga_overview</c> (one row per order saga, the step it is
    /// at, ages in whole seconds) and <c>saga_history</c> (its transitions; order by <c>transition_id</c>). Ages are
    /// <c>bigint</c>, cut to whole seconds (<c>now()</c> is the transaction's start). The names follow the configured
    /// schema (<see cref="SchemaQualifiedSql"/>). The SQL is written out here, not shared, so that this migration keeps
    /// creating what it always created.
    /// </summary>
    public partial class OperatorViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
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
                       CAST(floor(date_part('epoch', now() - s.created_at)) AS bigint) AS age_seconds,
                       CAST(floor(date_part('epoch', now() - s.updated_at)) AS bigint) AS idle_seconds,
                       s.failure_reason,
                       s.compensation_error,
                       s.timed_out_step,
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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_history")};");
            migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_overview")};");
        }
    }
}
