using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Saga.Hosting.Database;

/// <summary>
/// EF Core caches one model per context type; with a configurable schema one context type has a model per schema, so
/// the schema is part of the key (two schemas in one process must not share a model).
/// </summary>
public sealed class SchemaModelCacheKeyFactory(ModelCacheKeyFactoryDependencies dependencies) : ModelCacheKeyFactory(dependencies)
{
    public override object Create(DbContext context) => Create(context, designTime: false);

    public override object Create(DbContext context, bool designTime) =>
        (base.Create(context, designTime), DatabaseSchemaOptionsExtension.Of(context));
}
