using Saga.Persistence.Dialects;

namespace Saga.Settings.Database;

/// <summary>What a database setting left out means, for the services and the command-line tool alike.</summary>
public static class DatabaseDefaults
{
    /// <summary>
    /// Without a connection string, SQLite keeps the state in <paramref name="defaultSqliteFile"/> in the working directory
    /// (the embedded default); an empty schema (an environment variable set to nothing, say) means the provider's default.
    /// </summary>
    public static void Apply(DatabaseOptions options, string defaultSqliteFile)
    {
        if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
            options.ConnectionString = $"Data Source={defaultSqliteFile}";

        if (options.Schema?.Length == 0)
            options.Schema = null;
    }
}
