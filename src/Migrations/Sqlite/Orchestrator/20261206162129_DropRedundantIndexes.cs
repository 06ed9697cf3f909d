using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Migrations.Sqlite.Orchestrator
{
    /// <inheritdoc />
    public partial class DropRedundantIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_saga_transitions_occurred_at",
                table: "saga_transitions");

            migrationBuilder.DropIndex(
                name: "ix_order_sagas_current_state",
                table: "order_sagas");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_saga_transitions_occurred_at",
                table: "saga_transitions",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_current_state",
                table: "order_sagas",
                column: "current_state");
        }
    }
}
