using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.SagaOrchestrator.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                    compensating_step = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    failure_reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    compensation_error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
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

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_created_at",
                table: "order_sagas",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_current_state_updated_at",
                table: "order_sagas",
                columns: new[] { "current_state", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_customer_id",
                table: "order_sagas",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_saga_transitions_correlation_id_id",
                table: "saga_transitions",
                columns: new[] { "correlation_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_saga_transitions_occurred_at",
                table: "saga_transitions",
                column: "occurred_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_sagas");

            migrationBuilder.DropTable(
                name: "saga_transitions");
        }
    }
}
