using System.Data.Common;

namespace Saga.Settings.Database;

/// <summary>Describes a configured database for the logs from its connection string, leaving out credentials.</summary>
public static class ConnectionStringDescription
{
    static readonly string[] Safe = ["data source", "datasource", "host", "server", "port", "database", "initial catalog", "filename"];

    public static string Of(DatabaseOptions options)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
            var parts = builder.Keys.Cast<string>()
                .Where(key => Safe.Contains(key, StringComparer.OrdinalIgnoreCase))
                .Select(key => $"{key}={builder[key]}");
            return string.Join(";", parts);
        }
        catch (ArgumentException)
        {
            return "(connection string not readable)";
        }
    }
}
