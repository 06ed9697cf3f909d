using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Migrations.Sqlite.Shipping
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
                name: "served_countries",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    carrier = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_served_countries", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "shipments",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    shipment_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    postal_code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    line1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    carrier = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    refusal_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shipments", x => x.order_id);
                });

            migrationBuilder.CreateTable(
                name: "shipment_lines",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shipment_lines", x => new { x.order_id, x.sku });
                    table.ForeignKey(
                        name: "fk_shipment_lines_shipments_order_id",
                        column: x => x.order_id,
                        principalTable: "shipments",
                        principalColumn: "order_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_consumed_at",
                table: "inbox_messages",
                column: "consumed_at");

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
                name: "ix_shipments_shipment_id",
                table: "shipments",
                column: "shipment_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_batches");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "served_countries");

            migrationBuilder.DropTable(
                name: "shipment_lines");

            migrationBuilder.DropTable(
                name: "shipments");
        }
    }
}
