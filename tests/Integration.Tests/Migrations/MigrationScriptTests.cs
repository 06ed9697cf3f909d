using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Persistence.Dialects;

namespace Saga.Integration.Tests.Migrations;

/// <summary>
/// What can be checked of the migrations without a server, on every provider. This is all that is checked for SQL Server:
/// no SQL Server can run on these machines. PostgreSQL and SQLite also apply them for real in the other suites.
/// </summary>
public sealed class MigrationScriptTests
{
    static IEnumerable<ProviderContext> Contexts() => ProviderContext.All();

    // EF Core cannot write idempotent scripts for SQLite; its migrations are applied for real by the demo and the tests.
    static IEnumerable<ProviderContext> ServerContexts() => ProviderContext.All().Where(c => c.Provider != DatabaseProvider.Sqlite);

    [TestCaseSource(nameof(Contexts))]
    public void The_committed_migrations_match_the_model(ProviderContext context)
    {
        using var db = context.Create();

        Assert.Multiple(() =>
        {
            Assert.That(db.Database.GetMigrations(), Is.Not.Empty, "the provider has migrations of its own");
            Assert.That(db.Database.HasPendingModelChanges(), Is.False, "the model changed without a migration: run dotnet ef migrations add");
        });
    }

    [TestCaseSource(nameof(ServerContexts))]
    public void An_idempotent_script_creates_every_table(ProviderContext context)
    {
        using var db = context.Create();
        var migrator = db.GetService<IMigrator>();

        var script = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().ToList();
        Assert.That(tables, Is.Not.Empty);
        foreach (var table in tables)
            Assert.That(script, Does.Match($@"CREATE TABLE [\[""]?{table}[\]""]? \("), $"the script creates {table}");

        // Each migration runs only when the history table does not list it yet, so the script can be run again: every
        // guard names its migration, and the first migration's guards cover at least one statement per table it creates.
        List<string> migrations = [.. db.Database.GetMigrations()];
        foreach (var migration in migrations)
        {
            Assert.That(Regex.Count(script, $@"IF NOT EXISTS\s*\(\s*SELECT [^)]*__EFMigrationsHistory[^)]*'{migration}'"),
                Is.Positive, $"the statements of {migration} are guarded by the history table");
        }

        var guarded = migrations.Sum(m => Regex.Count(script, $@"IF NOT EXISTS\s*\(\s*SELECT [^)]*__EFMigrationsHistory[^)]*'{m}'"));
        Assert.That(guarded, Is.GreaterThanOrEqualTo(tables.Count), "every table's creation is guarded");
    }

    [Test]
    public void SQL_Server_gets_its_own_types()
    {
        using var db = ProviderContext.All().Single(c => c is { Name: "orchestrator", Provider: DatabaseProvider.SqlServer }).Create();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Multiple(() =>
        {
            Assert.That(script, Does.Contain("[correlation_id] uniqueidentifier NOT NULL"));
            Assert.That(script, Does.Contain("[current_state] nvarchar(64) NOT NULL"));
            Assert.That(script, Does.Contain("[amount] decimal(19,4) NOT NULL"));
            Assert.That(script, Does.Contain("[id] bigint NOT NULL IDENTITY"));
            Assert.That(script, Does.Contain("datetime2"));
        });
    }
}
