using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.SagaOrchestrator.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InDoubtStepsAndCompensationDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "compensation_attempts",
                table: "order_sagas",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "compensation_deadline_token_id",
                table: "order_sagas",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "in_doubt_step",
                table: "order_sagas",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "compensation_attempts",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "compensation_deadline_token_id",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "in_doubt_step",
                table: "order_sagas");
        }
    }
}
