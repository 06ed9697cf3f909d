using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.SagaOrchestrator.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OperatorQueryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_completed_at",
                table: "order_sagas",
                column: "completed_at");

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_current_state",
                table: "order_sagas",
                column: "current_state");

            migrationBuilder.CreateIndex(
                name: "ix_order_sagas_current_state_created_at",
                table: "order_sagas",
                columns: new[] { "current_state", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_order_sagas_completed_at",
                table: "order_sagas");

            migrationBuilder.DropIndex(
                name: "ix_order_sagas_current_state",
                table: "order_sagas");

            migrationBuilder.DropIndex(
                name: "ix_order_sagas_current_state_created_at",
                table: "order_sagas");
        }
    }
}
