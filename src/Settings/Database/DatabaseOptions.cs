using Saga.Persistence.Dialects;

namespace Saga.Settings.Database;

/// <summary>One service's database: which provider, where, and whether start-up applies the migrations.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The schema that holds the service's tables and its migrations history, or null for the provider's default
    /// (<c>public</c> on PostgreSQL, the user's default schema, usually <c>dbo</c>, on SQL Server). SQLite has no schemas:
    /// there the setting is ignored, with a warning at start-up.
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>Apply pending EF Core migrations before the service starts consuming.</summary>
    public bool MigrateOnStart { get; set; }
}
