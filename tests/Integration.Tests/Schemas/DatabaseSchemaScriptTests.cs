using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Saga.Integration.Tests.Migrations;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Integration.Tests.Schemas;

/// <summary>
/// A configured schema, checked without a server on PostgreSQL and SQL Server: the model, the migration scripts EF Core
/// generates (up and down) and the lock statement all name the schema. This is all that is checked for SQL Server; the
/// PostgreSQL ones also run for real in <see cref="DatabaseSchemaOnPostgreSqlTests"/>.
/// </summary>
public sealed class DatabaseSchemaScriptTests
{
    const string Schema = SchemaTestDatabases.Schema;

    static IEnumerable<ProviderContext> ServerContexts() => ProviderContext.All().Where(c => c.Provider != DatabaseProvider.Sqlite);

    // As the provider writes it: SQL Server brackets every name, PostgreSQL quotes only the names that need it.
    static string Qualified(DbContext db, string table) => db.GetService<ISqlGenerationHelper>().DelimitIdentifier(table, Schema);

    // Every place a statement names a table, with its schema if it has one.
    static readonly Regex TableReference = new(
        @"\b(?:TABLE(?: IF NOT EXISTS)?|REFERENCES|INTO|FROM|ON)\s+(?<name>(?:""[^""]+""|\[[^\]]+\]|[a-z_][a-z0-9_]*)(?:\.(?:""[^""]+""|\[[^\]]+\]|[a-z_][a-z0-9_]*))?)");

    static void AssertEveryTableReferenceIsQualified(DbContext db, string script)
    {
        var prefix = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(Schema) + ".";
        // SQL Server looks up a column's default constraint in its catalog before dropping the column: those lines name
        // catalog views and their aliases, not our tables.
        var ownStatements = string.Join('\n', script.Split('\n').Where(line => !line.Contains("[sys].", StringComparison.Ordinal)));
        var references = TableReference.Matches(ownStatements).Select(m => m.Groups["name"].Value).ToList();
        Assert.That(references, Is.Not.Empty);

        // PostgreSQL's schema check reads its catalog; everything else must be in the schema.
        Assert.That(references.Where(name => !name.StartsWith(prefix, StringComparison.Ordinal) && name != "pg_namespace"), Is.Empty,
            "statements that name a table outside the schema");
    }

    [TestCaseSource(nameof(ServerContexts))]
    public void Every_table_of_the_model_is_in_the_schema_and_the_migrations_still_match(ProviderContext context)
    {
        using var db = context.InSchema(Schema);

        Assert.Multiple(() =>
        {
            Assert.That(SchemaTestDatabases.Tables(db).Select(t => t.Schema), Is.All.EqualTo(Schema));
            Assert.That(db.Database.HasPendingModelChanges(), Is.False, "the schema must not look like a model change");
        });
    }

    [TestCaseSource(nameof(ServerContexts))]
    public void The_idempotent_script_creates_the_schema_the_history_and_every_table_in_it(ProviderContext context)
    {
        using var db = context.InSchema(Schema);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var history = Qualified(db, HistoryRepository.DefaultTableName);
        var createSchema = Regex.Match(script, $@"CREATE SCHEMA [\[""]?{Schema}\b");
        var firstTable = script.IndexOf("CREATE TABLE", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(createSchema.Success, "the script creates the schema");
            Assert.That(createSchema.Index, Is.LessThan(firstTable), "before the first table");
            Assert.That(script, Does.Contain($"CREATE TABLE {(context.Provider == DatabaseProvider.PostgreSql ? "IF NOT EXISTS " : "")}{history}"));
            Assert.That(Regex.Matches(script, Regex.Escape($"INSERT INTO {history}")), Has.Count.EqualTo(db.Database.GetMigrations().Count()),
                "each migration is recorded in the schema's history");

            foreach (var (_, table) in SchemaTestDatabases.Tables(db))
                Assert.That(script, Does.Contain($"CREATE TABLE {Qualified(db, table)} ("), $"the script creates {table} in the schema");
        });
        AssertEveryTableReferenceIsQualified(db, script);
        if (context.Provider == DatabaseProvider.SqlServer)
            Assert.That(script, Does.Contain($"IF OBJECT_ID(N'{history}') IS NULL"), "the history table is looked for in the schema");
    }

    [TestCaseSource(nameof(ServerContexts))]
    public void Reverting_every_migration_drops_the_tables_in_the_schema(ProviderContext context)
    {
        using var db = context.InSchema(Schema);
        var last = db.Database.GetMigrations().Last();

        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: last, toMigration: Migration.InitialDatabase,
            options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var (_, table) in SchemaTestDatabases.Tables(db))
            Assert.That(script, Does.Contain($"DROP TABLE {Qualified(db, table)};"), $"the script drops {table} in the schema");
        AssertEveryTableReferenceIsQualified(db, script);
    }

    [Test]
    public void Without_a_schema_the_script_is_what_it_always_was()
    {
        var context = ProviderContext.All().Single(c => c is { Name: "orchestrator", Provider: DatabaseProvider.SqlServer });
        using var designTime = context.Create();
        using var configured = context.InSchema(null);

        var migrator = configured.GetService<IMigrator>();
        Assert.That(migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent),
            Is.EqualTo(designTime.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent)));
    }

    [Test]
    public void The_SQL_Server_lock_statement_names_the_schema_of_each_model()
    {
        var context = ProviderContext.All().Single(c => c is { Name: "orchestrator", Provider: DatabaseProvider.SqlServer });
        using var inSchema = context.InSchema(Schema);
        using var inOther = context.InSchema("saga_other");
        using var inDefault = context.InSchema(null);

        Assert.Multiple(() =>
        {
            Assert.That(SagaLockStatement.For<OrderState>(inSchema, SqlServerDialect.Instance),
                Is.EqualTo("SELECT * FROM [saga_custom].[order_sagas] WITH (UPDLOCK, ROWLOCK) WHERE [correlation_id] = {0}"));
            Assert.That(SagaLockStatement.For<OrderState>(inOther, SqlServerDialect.Instance),
                Is.EqualTo("SELECT * FROM [saga_other].[order_sagas] WITH (UPDLOCK, ROWLOCK) WHERE [correlation_id] = {0}"));
            Assert.That(SagaLockStatement.For<OrderState>(inDefault, SqlServerDialect.Instance),
                Is.EqualTo("SELECT * FROM [order_sagas] WITH (UPDLOCK, ROWLOCK) WHERE [correlation_id] = {0}"));
        });
    }

    [Test]
    public void One_context_type_keeps_a_model_per_schema()
    {
        var context = ProviderContext.All().Single(c => c is { Name: "orchestrator", Provider: DatabaseProvider.PostgreSql });

        // Interleaved, so that each model comes from EF Core's model cache after the other schema's was built.
        var schemas = new[] { "tenant_a", "tenant_b", "tenant_a", "tenant_b" };
        var seen = schemas.Select(schema =>
        {
            using var db = context.InSchema(schema);
            return (Schema: schema, Model: db.Model, Tables: SchemaTestDatabases.Tables(db));
        }).ToList();

        Assert.Multiple(() =>
        {
            foreach (var (schema, _, tables) in seen)
                Assert.That(tables.Select(t => t.Schema), Is.All.EqualTo(schema));
            Assert.That(seen[0].Model, Is.SameAs(seen[2].Model), "a schema's model is built once");
            Assert.That(seen[0].Model, Is.Not.SameAs(seen[1].Model));
        });
    }
}
