using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saga.Hosting.Database;

// EF1001: MigrationsAssembly is EF Core's internal implementation. It is the one place where a migration exists before
// its operations become SQL, and re-implementing it (finding the context's migrations and snapshot) would copy more
// internals, not fewer. The tests generate scripts and migrate a real database with a schema, so an EF Core upgrade that
// changes it fails them.
#pragma warning disable EF1001
/// <summary>
/// The committed migrations are generated without a schema (so <c>dotnet ef migrations add</c> works as documented);
/// with a schema configured, this replacement of EF Core's migrations assembly moves each migration into it as it is
/// created: its operations, up and down (see <see cref="MigrationOperationSchema"/>), and its target model. The model
/// snapshot gets the same default schema, so that it still matches the context's model, whose default schema
/// <see cref="SchemaModelCustomizer"/> sets, and EF Core sees no pending model changes. Raw SQL added with
/// <see cref="SchemaQualifiedSql.SqlInSchema"/> is written again with its names in the schema.
/// </summary>
public sealed class SchemaMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger,
    ISqlGenerationHelper sqlGenerationHelper)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    readonly string? _schema = DatabaseSchemaOptionsExtension.Of(options);
    bool _snapshotInSchema;

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            var snapshot = base.ModelSnapshot;
            if (snapshot is not null && _schema is not null && !_snapshotInSchema)
            {
                SetDefaultSchema(snapshot.Model, _schema);
                _snapshotInSchema = true;
            }

            return snapshot;
        }
    }

    public override Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = base.CreateMigration(migrationClass, activeProvider);
        if (_schema is null)
            return migration;

        // Both lists are built once and kept by the migration, so what is changed here is what the migrator generates SQL from.
        foreach (var operation in migration.UpOperations.Concat(DownOperations(migration)))
        {
            MigrationOperationSchema.Apply(operation, _schema);
            SchemaQualifiedSql.Apply(operation, name => sqlGenerationHelper.DelimitIdentifier(name, _schema));
        }

        // The SQL generators look tables up in the target model by name and schema; keep it in step with the operations.
        SetDefaultSchema(migration.TargetModel, _schema);
        return migration;
    }

    // A migration without Down cannot be reverted; EF Core says so when asked to, not when the migration is applied.
    static IReadOnlyList<MigrationOperation> DownOperations(Migration migration)
    {
        try
        {
            return migration.DownOperations;
        }
        catch (NotSupportedException)
        {
            return [];
        }
    }

    // Snapshot and target models are built by plain model builders and are still mutable when first read.
    static void SetDefaultSchema(IModel model, string schema)
    {
        if (model is IMutableModel mutable)
            mutable.SetDefaultSchema(schema);
    }
}
#pragma warning restore EF1001
