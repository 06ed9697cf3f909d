using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Migrations.Sqlite.Orchestrator
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    consumer_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    consumer_type = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    consumed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer_id });
                });

            migrationBuilder.CreateTable(
                name: "order_sagas",
                columns: table => new
                {
                    correlation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    current_state = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    items = table.Column<string>(type: "TEXT", nullable: false),
                    ship_to_line1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ship_to_city = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ship_to_postal_code = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ship_to_country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    payment_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reservation_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    shipment_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    payment_refunded = table.Column<bool>(type: "INTEGER", nullable: false),
                    inventory_released = table.Column<bool>(type: "INTEGER", nullable: false),
                    shipment_cancelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    in_doubt_step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    compensating_step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    compensation_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    compensation_deadline_token_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    failure_reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    failure_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    payment_deadline_token_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    inventory_deadline_token_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    shipping_deadline_token_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    timed_out_step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    compensation_error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    compensation_retries = table.Column<int>(type: "INTEGER", nullable: false),
                    last_retry_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_retry_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    compensated_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_sagas", x => x.correlation_id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_batches",
                columns: table => new
                {
                    outbox_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    inbox_message_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    inbox_consumer_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    available_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    lease_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    delivery_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    dead_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_batches", x => x.outbox_id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    sequence_number = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    outbox_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    message_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    message_type = table.Column<string>(type: "TEXT", nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    headers = table.Column<string>(type: "TEXT", nullable: true),
                    properties = table.Column<string>(type: "TEXT", nullable: true),
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    correlation_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    initiator_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    request_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    source_address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    destination_address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    response_address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    fault_address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    sent_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expiration_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    published = table.Column<bool>(type: "INTEGER", nullable: false),
                    delivered_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.sequence_number);
                });

            migrationBuilder.CreateTable(
                name: "saga_transitions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    correlation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    saga_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    from_state = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    to_state = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    @event = table.Column<string>(name: "event", type: "TEXT", maxLength: 100, nullable: false),
                    message_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_saga_transitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scheduled_messages",
                columns: table => new
                {
                    token_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    destination_address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    message_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    message_type = table.Column<string>(type: "TEXT", nullable: false),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    headers = table.Column<string>(type: "TEXT", nullable: true),
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    correlation_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    initiator_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    source_address = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    scheduled_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scheduled_messages", x => x.token_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_consumed_at",
                table: "inbox_messages",
                column: "consumed_at");

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_completed_at",
                table: "order_sagas",
                column: "completed_at");

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_created_at",
                table: "order_sagas",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_current_state",
                table: "order_sagas",
                column: "current_state");

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_current_state_created_at",
                table: "order_sagas",
                columns: new[] { "current_state", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_current_state_updated_at",
                table: "order_sagas",
                columns: new[] { "current_state", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_customer_id",
                table: "order_sagas",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_batches_available_at_created_at",
                table: "outbox_batches",
                columns: new[] { "available_at", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_delivered_at",
                table: "outbox_messages",
                column: "delivered_at");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_outbox_id_sequence_number",
                table: "outbox_messages",
                columns: new[] { "outbox_id", "sequence_number" });

            migrationBuilder.CreateIndex(
                name: "ix_saga_transitions_correlation_id_id",
                table: "saga_transitions",
                columns: new[] { "correlation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_saga_transitions_occurred_at",
                table: "saga_transitions",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_scheduled_messages_due_at",
                table: "scheduled_messages",
                column: "due_at");

            migrationBuilder.CreateOperatorViews();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropOperatorViews();

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "order_sagas");

            migrationBuilder.DropTable(
                name: "outbox_batches");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "saga_transitions");

            migrationBuilder.DropTable(
                name: "scheduled_messages");
        }
    }
}
