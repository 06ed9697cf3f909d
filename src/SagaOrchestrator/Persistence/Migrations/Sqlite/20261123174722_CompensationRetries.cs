using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.SagaOrchestrator.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CompensationRetries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "compensation_retries",
                table: "order_sagas",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "last_retry_at",
                table: "order_sagas",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_retry_by",
                table: "order_sagas",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "compensation_retries",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "last_retry_at",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "last_retry_by",
                table: "order_sagas");
        }
    }
}
