using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Participants.Payment.Data.Migrations.SqlServer
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "dead_at",
                table: "outbox_batches",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "lease_id",
                table: "outbox_batches",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lease_owner",
                table: "outbox_batches",
                type: "nvarchar(200)",
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
