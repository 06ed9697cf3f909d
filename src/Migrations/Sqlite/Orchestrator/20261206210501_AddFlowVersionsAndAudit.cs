using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Hosting.Database;

#nullable disable

namespace Saga.Migrations.Sqlite.Orchestrator
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "message_type",
                table: "saga_transitions",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_email",
                table: "order_sagas",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_family_name",
                table: "order_sagas",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_given_name",
                table: "order_sagas",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_phone",
                table: "order_sagas",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "customer_reference",
                table: "order_sagas",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "definition_version",
                table: "order_sagas",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<Guid>(
                name: "fraud_check_deadline_token_id",
                table: "order_sagas",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "fraud_check_id",
                table: "order_sagas",
                type: "TEXT",
                nullable: true);

            CreateViews(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            DropViews(migrationBuilder);

            // ALTER TABLE … DROP COLUMN, not EF Core's DropColumn: EF Core rebuilds the table at the end of the
            // migration, after the old views are back, and SQLite refuses to rebuild a table a view reads.
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("saga_transitions")} DROP COLUMN definition_version;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("saga_transitions")} DROP COLUMN message_type;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN customer_email;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN customer_family_name;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN customer_given_name;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN customer_phone;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN customer_reference;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN definition_version;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN fraud_check_deadline_token_id;");
            migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN fraud_check_id;");

            // The views as the initial migration created them.
            migrationBuilder.CreateOperatorViews();
        }

        // The views as this migration leaves them: the flow version, the client's reference, the fraud check and each
        // transition's message. Personal data of the v2 customer block stays in order_sagas. Written out here (not in
        // OperatorViews) so that this migration keeps creating what it always created.
        static void CreateViews(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.SqlInSchema(name => $"""
            CREATE VIEW {name("saga_overview")} AS
            SELECT s.correlation_id AS order_id,
                   s.current_state AS state,
                   CASE s.current_state
                       WHEN 'AwaitingPayment' THEN 'Payment'
                       WHEN 'AwaitingFraudCheck' THEN 'FraudCheck'
                       WHEN 'AwaitingInventory' THEN 'Inventory'
                       WHEN 'AwaitingShipment' THEN 'Shipping'
                       WHEN 'Compensating' THEN s.compensating_step
                       WHEN 'CompensationFailed' THEN s.compensating_step
                   END AS current_step,
                   s.definition_version,
                   s.customer_id,
                   s.customer_reference,
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
                   s.fraud_check_id,
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
                   t.message_type,
                   t.message_id,
                   t.definition_version
            FROM {name("saga_transitions")} AS t
            WHERE t.saga_type = 'OrderState';
            """);
        }

        // Dropped around the column changes: SQLite refuses to rebuild a table a view reads, and every provider
        // creates a view's column list once.
        static void DropViews(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_history")};");
            migrationBuilder.SqlInSchema(name => $"DROP VIEW {name("saga_overview")};");
        }
    }
}
