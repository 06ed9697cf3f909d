using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Saga.Hosting.Database;

/// <summary>
/// Builds a context's model as it defines it, then makes the configured schema the model's default. Every table the
/// context maps without a schema of its own lands there, including tables added later, and raw SQL built from the model
/// (<c>GetSchema()</c>) qualifies them, without any context knowing about the setting.
/// </summary>
public sealed class SchemaModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        if (DatabaseSchemaOptionsExtension.Of(context) is { } schema)
            modelBuilder.HasDefaultSchema(schema);
    }
}
