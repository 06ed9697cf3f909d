using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.SagaOrchestrator.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class StepDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "inventory_deadline_token_id",
                table: "order_sagas",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "payment_deadline_token_id",
                table: "order_sagas",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "shipping_deadline_token_id",
                table: "order_sagas",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "timed_out_step",
                table: "order_sagas",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "inventory_deadline_token_id",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "payment_deadline_token_id",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "shipping_deadline_token_id",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "timed_out_step",
                table: "order_sagas");
        }
    }
}
