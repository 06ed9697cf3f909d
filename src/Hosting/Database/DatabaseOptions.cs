namespace Saga.Hosting.Database;

/// <summary>One service's database: which provider, where, and whether start-up applies the migrations.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; set; } = "";

    /// <summary>Apply pending EF Core migrations before the service starts consuming.</summary>
    public bool MigrateOnStart { get; set; }
}
