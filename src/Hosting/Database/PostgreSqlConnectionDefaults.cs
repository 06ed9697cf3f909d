using System.Data.Common;
using Npgsql;

namespace Saga.Hosting.Database;

/// <summary>The connection settings the services use on PostgreSQL unless the connection string says otherwise.</summary>
public static class PostgreSqlConnectionDefaults
{
    /// <summary>Statements kept prepared per connection: the services run a few dozen distinct statements over and over.</summary>
    public const int MaxAutoPrepare = 64;

    /// <summary>
    /// Applies the services' defaults to what the connection string leaves out; each setting it names itself is kept as
    /// it is:
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare</c> and <c>Auto Prepare Min Usages</c>: Npgsql prepares the statements automatically, so
    /// PostgreSQL parses and plans each of them once per connection instead of on every execution (a connection pooler that
    /// cannot keep prepared statements needs <c>Max Auto Prepare=0</c>).</item>
    /// <item><c>No Reset On Close</c>: a connection returned to the pool is not reset (<c>RESET ALL</c>, <c>UNLISTEN *</c>,
    /// <c>DISCARD TEMP</c>... in one more round trip, which PostgreSQL counts as a transaction of its own, once per consumed
    /// message). The services keep no session state: no <c>SET</c>, no <c>LISTEN</c>, no temporary tables, no session
    /// advisory locks.</item>
    /// </list>
    /// </summary>
    public static string Apply(string connectionString)
    {
        // Npgsql's own builder reports every keyword it knows as present, so look at what the string itself names.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
            if (!given.Contains("AutoPrepareMinUsages"))
                builder.AutoPrepareMinUsages = 2;
        }

        if (!given.Contains("NoResetOnClose"))
            builder.NoResetOnClose = true;

        return builder.ConnectionString;
    }
}
