using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Participants.Inventory.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConditionalUpdatesAndVoids : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "version",
                table: "stock_items");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "stock_items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }
    }
}
