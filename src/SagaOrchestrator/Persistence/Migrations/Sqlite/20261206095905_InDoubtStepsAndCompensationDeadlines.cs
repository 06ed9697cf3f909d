using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Hosting.Database;

#nullable disable

namespace Saga.SagaOrchestrator.Persistence.Migrations.Sqlite
{
    /// <summary>The step in doubt and the compensation's deadline and attempts.</summary>
    /// <remarks>
    /// Down drops the columns with SQLite's own <c>ALTER TABLE … DROP COLUMN</c> rather than EF Core's table rebuild, which
    /// SQLite refuses while the operator views read <c>order_sagas</c>.
    /// </remarks>
    public partial class InDoubtStepsAndCompensationDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "compensation_attempts",
                table: "order_sagas",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "compensation_deadline_token_id",
                table: "order_sagas",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "in_doubt_step",
                table: "order_sagas",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var column in new[] { "compensation_attempts", "compensation_deadline_token_id", "in_doubt_step" })
                migrationBuilder.SqlInSchema(name => $"ALTER TABLE {name("order_sagas")} DROP COLUMN {column};");
        }
    }
}
