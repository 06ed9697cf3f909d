using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Integration.Tests.Migrations;
using Saga.Integration.Tests.Schemas;
using Saga.Persistence.Dialects;

namespace Saga.Integration.Tests.Views;

/// <summary>
/// The operator views in the migration scripts EF Core generates, without a server. For SQL Server this is all that is
/// checked (none can run on these machines): each view is created in its own batch, by name in the configured schema,
/// with the SQL Server functions, and the down script drops both. PostgreSQL's scripts are checked the same way and its
/// views are also created for real in <see cref="OperatorViewsOnPostgreSqlTests"/>.
/// </summary>
public sealed class OperatorViewScriptTests
{
    static IEnumerable<TestCaseData> Cases()
    {
        foreach (var provider in new[] { DatabaseProvider.SqlServer, DatabaseProvider.PostgreSql })
        {
            yield return new TestCaseData(provider, null).SetArgDisplayNames(provider.ToString(), "default schema");
            yield return new TestCaseData(provider, SchemaTestDatabases.Schema).SetArgDisplayNames(provider.ToString(), SchemaTestDatabases.Schema);
        }
    }

    static DbContext Orchestrator(DatabaseProvider provider, string? schema) =>
        ProviderContext.All().Single(c => c.Name == "orchestrator" && c.Provider == provider).InSchema(schema);

    // Unqualified without a schema; as the provider names the tables in one: [saga_custom].[order_sagas], saga_custom.order_sagas.
    /// <summary>Where the script drops <paramref name="table"/> (however the provider quotes and qualifies it), or -1.</summary>
    static int DropTable(string script, string table) =>
        Regex.Match(script, $@"DROP TABLE [^;\n]*\b{table}\b", RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } drop ? drop.Index : -1;

    static string Name(DatabaseProvider provider, string? schema, string name) => (provider, schema) switch
    {
        (_, null) => name,
        (DatabaseProvider.SqlServer, _) => $"[{schema}].[{name}]",
        _ => $"{schema}.{name}",
    };

    // The initial migration creates the views, after the tables they read.
    static string ViewsMigration(DbContext db) => db.Database.GetMigrations().First();

    [TestCaseSource(nameof(Cases))]
    public void The_idempotent_script_creates_both_views_over_the_schemas_tables(DatabaseProvider provider, string? schema)
    {
        using var db = Orchestrator(provider, schema);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        string N(string name) => Name(provider, schema, name);

        // SQL Server runs dynamic SQL so that CREATE VIEW is alone in its batch inside the script's IF blocks; quotes are doubled there.
        var create = provider == DatabaseProvider.SqlServer ? "EXEC(N'CREATE VIEW " : "CREATE VIEW ";
        var quote = provider == DatabaseProvider.SqlServer ? "''" : "'";
        Assert.Multiple(() =>
        {
            Assert.That(script, Does.Contain($"{create}{N("saga_overview")} AS"));
            Assert.That(script, Does.Contain($"{create}{N("saga_history")} AS"));
            Assert.That(script, Does.Contain($"FROM {N("order_sagas")} AS s"));
            Assert.That(script, Does.Contain($"FROM {N("saga_transitions")} AS t"));
            Assert.That(script, Does.Match($@"saga_type\]? = N?{quote}OrderState{quote}"), "the history is the order saga's only");
            // Two per migration that creates them: the initial one, and AddFlowVersionsAndAudit (which drops and creates them again).
            Assert.That(Regex.Count(script, $"{Regex.Escape(create)}[^(]*?AS\\s+SELECT"), Is.EqualTo(4));
            Assert.That(script, Does.Match($@"WHEN N?{quote}AwaitingFraudCheck{quote} THEN N?{quote}FraudCheck{quote}"), "the fraud check is a step");
            Assert.That(Regex.Count(script, $@"IF NOT EXISTS\s*\(\s*SELECT [^)]*__EFMigrationsHistory[^)]*'{ViewsMigration(db)}'"), Is.GreaterThanOrEqualTo(2),
                "guarded by the history, so the script can run again");
            foreach (var column in OperatorViewSagas.OverviewColumns.Concat(OperatorViewSagas.HistoryColumns))
                Assert.That(script, Does.Match($@"AS \[?{column}\]?[,\s]|\.\[?{column}\]?[,\s]"), $"the views have {column}");
            if (provider == DatabaseProvider.SqlServer)
            {
                Assert.That(script, Does.Contain("DATEDIFF_BIG(millisecond, s.[created_at], SYSUTCDATETIME()) / 1000 AS [age_seconds]"));
                Assert.That(script, Does.Contain("DATEDIFF_BIG(millisecond, s.[updated_at], SYSUTCDATETIME()) / 1000 AS [idle_seconds]"));
                Assert.That(script, Does.Contain("WHEN N''CompensationFailed'' THEN s.[compensating_step]"));
                Assert.That(script, Does.Not.Contain("ORDER BY"), "a SQL Server view cannot be ordered");
            }
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void Reverting_the_migrations_drops_both_views_before_the_tables(DatabaseProvider provider, string? schema)
    {
        using var db = Orchestrator(provider, schema);

        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: db.Database.GetMigrations().Last(),
            toMigration: Migration.InitialDatabase, options: MigrationsSqlGenerationOptions.Idempotent);

        var history = script.IndexOf($"DROP VIEW {Name(provider, schema, "saga_history")};", StringComparison.Ordinal);
        var overview = script.IndexOf($"DROP VIEW {Name(provider, schema, "saga_overview")};", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(history, Is.Not.Negative, "saga_history is dropped");
            Assert.That(overview, Is.Not.Negative, "saga_overview is dropped");
            // The tables the views read; others (operator_actions) may go first.
            Assert.That(new[] { "order_sagas", "saga_transitions" }.Select(table => DropTable(script, table)),
                Has.All.GreaterThan(Math.Max(history, overview)), "the views go before the tables they read");
        });
    }
}
