using Microsoft.EntityFrameworkCore;
using Saga.Integration.Tests.Migrations;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;

namespace Saga.Integration.Tests.Schemas;

/// <summary>Contexts as the services build them for a database with a configured schema.</summary>
public static class SchemaTestDatabases
{
    public const string Schema = "saga_custom";

    /// <summary>A connection string that names a server no test opens: enough to build models and generate scripts.</summary>
    public static string Unopened(DatabaseProvider provider, string database) => provider switch
    {
        DatabaseProvider.PostgreSql => $"Host=localhost;Database={database}",
        DatabaseProvider.SqlServer => $"Server=localhost;Database={database}",
        _ => $"Data Source={database}.db",
    };

    public static DbContext InSchema(this ProviderContext context, string? schema) =>
        context.Connect(new DatabaseOptions { Provider = context.Provider, ConnectionString = Unopened(context.Provider, context.Name), Schema = schema });

    /// <summary>The distinct tables the context's model maps, as <c>(schema, table)</c>.</summary>
    public static List<(string? Schema, string Table)> Tables(DbContext db) =>
        db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .Select(e => (e.GetSchema(), e.GetTableName()!))
            .Distinct()
            .ToList();
}
