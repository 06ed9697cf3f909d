using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Hosting.Database;

#nullable disable

namespace Saga.SagaOrchestrator.Persistence.Migrations.PostgreSql
{
    /// <summary>
    /// The kind of an order's failure (<c>failure_kind</c>: Rejected, Declined, Faulted, TimedOut, Cancelled) next to its
    /// reason, filled in for orders that failed before it from the reasons' wording; and <c>saga_overview</c> again with it,
    /// the step in doubt and the compensation's attempts. The SQL is written out here, not shared, so that this migration
    /// keeps creating what it always created.
    /// </summary>
    public partial class FailureKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "failure_kind",
                table: "order_sagas",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.SqlInSchema(name => $"""
                UPDATE {name("order_sagas")}
                SET failure_kind = CASE
                    WHEN current_state = 'Rejected' THEN 'Rejected'
                    WHEN failure_reason = 'timeout' THEN 'TimedOut'
                    WHEN failure_reason LIKE 'cancelled: %' THEN 'Cancelled'
                    WHEN failure_reason LIKE 'payment failed: %' OR failure_reason LIKE 'inventory failed: %'
                         OR failure_reason LIKE 'shipping failed: %' THEN 'Faulted'
                    ELSE 'Declined'
                END
                WHERE failure_reason IS NOT NULL;
                """);

            migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_overview")};");
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_overview")};");
            migrationBuilder.DropColumn(
                name: "failure_kind",
                table: "order_sagas");

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
        }
    }
}
