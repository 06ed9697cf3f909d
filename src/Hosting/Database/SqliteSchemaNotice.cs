using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;

namespace Saga.Hosting.Database;

/// <summary>
/// SQLite has no schemas, and a SQLite file already holds one service's tables only, so a schema configured for a SQLite
/// database is ignored rather than refused (a shared configuration can switch a service to SQLite for a local run). It is
/// not ignored silently: the service says so when it starts and when it migrates.
/// </summary>
public static partial class SqliteSchemaNotice
{
    public static void LogIfIgnored(ILogger logger, string section, DatabaseOptions settings)
    {
        if (settings.Provider == DatabaseProvider.Sqlite && !string.IsNullOrEmpty(settings.Schema))
            LogIgnored(logger, section, settings.Schema);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Section}:Schema '{Schema}' is ignored: SQLite has no schemas; the tables are in the database file itself")]
    static partial void LogIgnored(ILogger logger, string section, string schema);
}
