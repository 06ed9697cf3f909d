using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Hosting.Database;

#nullable disable

namespace Saga.Migrations.SqlServer.Orchestrator
{
    /// <inheritdoc />
    public partial class AddFlowVersionsAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            DropViews(migrationBuilder);

            migrationBuilder.AddColumn<int>(
                name: "definition_version",
                table: "saga_transitions",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "message_type",
                table: "saga_transitions",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_email",
                table: "order_sagas",
                type: "nvarchar(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_family_name",
                table: "order_sagas",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_given_name",
                table: "order_sagas",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_phone",
                table: "order_sagas",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_reference",
                table: "order_sagas",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "definition_version",
                table: "order_sagas",
                type: "int",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<Guid>(
                name: "fraud_check_deadline_token_id",
                table: "order_sagas",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "fraud_check_id",
                table: "order_sagas",
                type: "uniqueidentifier",
                nullable: true);

            CreateViews(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            DropViews(migrationBuilder);

            migrationBuilder.DropColumn(
                name: "definition_version",
                table: "saga_transitions");

            migrationBuilder.DropColumn(
                name: "message_type",
                table: "saga_transitions");

            migrationBuilder.DropColumn(
                name: "customer_email",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "customer_family_name",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "customer_given_name",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "customer_phone",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "customer_reference",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "definition_version",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "fraud_check_deadline_token_id",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "fraud_check_id",
                table: "order_sagas");

            // The views as the initial migration created them.
            migrationBuilder.CreateOperatorViews();
        }

        // The views as this migration leaves them: the flow version, the client's reference, the fraud check and each
        // transition's message. Personal data of the v2 customer block stays in order_sagas. Written out here (not in
        // OperatorViews) so that this migration keeps creating what it always created.
        static void CreateViews(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.SqlInSchema(name => Exec($"""
            CREATE VIEW {name("saga_overview")} AS
            SELECT s.[correlation_id] AS [order_id],
                   s.[current_state] AS [state],
                   CASE s.[current_state]
                       WHEN N'AwaitingPayment' THEN N'Payment'
                       WHEN N'AwaitingFraudCheck' THEN N'FraudCheck'
                       WHEN N'AwaitingInventory' THEN N'Inventory'
                       WHEN N'AwaitingShipment' THEN N'Shipping'
                       WHEN N'Compensating' THEN s.[compensating_step]
                       WHEN N'CompensationFailed' THEN s.[compensating_step]
                   END AS [current_step],
                   s.[definition_version],
                   s.[customer_id],
                   s.[customer_reference],
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
                   s.[fraud_check_id],
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
                   t.[message_type],
                   t.[message_id],
                   t.[definition_version]
            FROM {name("saga_transitions")} AS t
            WHERE t.[saga_type] = N'OrderState';
            """));
        }

        // Dropped around the column changes: SQLite refuses to rebuild a table a view reads, and every provider
        // creates a view's column list once.
        static void DropViews(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_history")};");
            migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_overview")};");
        }

        // CREATE VIEW must be alone in its batch; the idempotent script puts every statement inside an IF block.
        static string Exec(string sql) => $"EXEC(N'{sql.Replace("'", "''", StringComparison.Ordinal)}');";
    }
}
