using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Migrations.PostgreSql.Orchestrator
{
    /// <inheritdoc />
    public partial class DropUnusedTransitionTimeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_saga_transitions_occurred_at",
                table: "saga_transitions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_saga_transitions_occurred_at",
                table: "saga_transitions",
                column: "occurred_at");
        }
    }
}
