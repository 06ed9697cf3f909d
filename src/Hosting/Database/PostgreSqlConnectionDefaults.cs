using System.Data.Common;
using Npgsql;

namespace Saga.Hosting.Database;

/// <summary>The connection settings the services use on PostgreSQL unless the connection string says otherwise.</summary>
public static class PostgreSqlConnectionDefaults
{
    /// <summary>Statements kept prepared per connection: the services run a few dozen distinct statements over and over.</summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>
    /// Turns on Npgsql's automatic preparation, so PostgreSQL parses and plans each of the services' statements once per
    /// connection instead of on every execution. A connection string that sets <c>Max Auto Prepare</c> itself (0 for a
    /// connection pooler that cannot keep prepared statements) is left as it is.
    /// </summary>
    public static string Apply(string connectionString)
    {
        // Npgsql's own builder reports every keyword it knows as present, so look at what the string itself names.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxAutoPrepare = MaxAutoPrepare;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }
}
