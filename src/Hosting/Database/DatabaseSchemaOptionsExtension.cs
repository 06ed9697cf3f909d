using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Hosting.Database;

/// <summary>
/// Carries the configured schema in a context's options, where the services that apply it (<see cref="SchemaModelCustomizer"/>,
/// <see cref="SchemaModelCacheKeyFactory"/>, <see cref="SchemaMigrationsAssembly"/>) read it for the context at hand.
/// </summary>
public sealed class DatabaseSchemaOptionsExtension(string schema) : IDbContextOptionsExtension
{
    DbContextOptionsExtensionInfo? _info;

    public string Schema { get; } = schema;

    public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    /// <summary>The schema configured for <paramref name="context"/>, or null when it uses the provider's default.</summary>
    public static string? Of(DbContext context) => Of(context.GetService<IDbContextOptions>());

    public static string? Of(IDbContextOptions options) => options.FindExtension<DatabaseSchemaOptionsExtension>()?.Schema;

    // The services are replaced through ReplaceService (see SchemaDbContextOptionsBuilderExtensions); nothing to add here.
    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    sealed class ExtensionInfo(DatabaseSchemaOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Schema={((DatabaseSchemaOptionsExtension)Extension).Schema} ";

        // The schema is read per context, never built into a service, so contexts in different schemas can share EF Core's
        // internal services; the model cache keeps their models apart (SchemaModelCacheKeyFactory).
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        // Debug info explains why a new service provider was built; the schema never causes one.
        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}
