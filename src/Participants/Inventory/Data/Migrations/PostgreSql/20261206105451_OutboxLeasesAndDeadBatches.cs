using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Participants.Inventory.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OutboxLeasesAndDeadBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "published",
                table: "outbox_messages",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "dead_at",
                table: "outbox_batches",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "lease_id",
                table: "outbox_batches",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lease_owner",
                table: "outbox_batches",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "published",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "dead_at",
                table: "outbox_batches");

            migrationBuilder.DropColumn(
                name: "lease_id",
                table: "outbox_batches");

            migrationBuilder.DropColumn(
                name: "lease_owner",
                table: "outbox_batches");
        }
    }
}
