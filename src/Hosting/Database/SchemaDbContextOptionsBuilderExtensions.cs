using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Settings.Database;

namespace Saga.Hosting.Database;

public static class SchemaDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Makes <paramref name="schema"/> the default schema of a context without changing the context: every table it maps
    /// without a schema of its own, and its migrations history table, go there, and its migrations, which are generated
    /// without a schema, are moved there as they run. Call after the provider's <c>Use…</c>; for server databases only
    /// (SQLite has no schemas).
    /// </summary>
    public static DbContextOptionsBuilder UseDefaultSchema(this DbContextOptionsBuilder builder, string schema)
    {
        if (!DatabaseSchemaName.IsValid(schema))
            throw new ArgumentException($"'{schema}' is not a plain identifier", nameof(schema));

        var relational = RelationalOptionsExtension.Extract(builder.Options);
        var infrastructure = (IDbContextOptionsBuilderInfrastructure)builder;
        infrastructure.AddOrUpdateExtension(relational.WithMigrationsHistoryTableSchema(schema));
        infrastructure.AddOrUpdateExtension(new DatabaseSchemaOptionsExtension(schema));

        return builder
            .ReplaceService<IModelCustomizer, SchemaModelCustomizer>()
            .ReplaceService<IModelCacheKeyFactory, SchemaModelCacheKeyFactory>()
            .ReplaceService<IMigrationsAssembly, SchemaMigrationsAssembly>();
    }
}
