using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;

namespace Saga.Hosting.Database;

public static class DbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Points a context at the configured database. Names are snake_case on every provider, so operators can query
    /// PostgreSQL without quoting. A configured schema holds the tables and the migrations history on PostgreSQL and
    /// SQL Server; SQLite has no schemas, so there it is ignored (a SQLite file is a namespace of its own).
    /// </summary>
    public static DbContextOptionsBuilder UseConfiguredDatabase(this DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(PostgreSqlConnectionDefaults.Apply(options.ConnectionString));
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(options.ConnectionString);
                break;
            default:
                builder.UseSqlite(options.ConnectionString).AddInterceptors(SqliteWriteAheadLog.Instance);
                break;
        }

        if (options.Provider != DatabaseProvider.Sqlite && !string.IsNullOrEmpty(options.Schema))
            builder.UseDefaultSchema(options.Schema);

        return builder.UseSnakeCaseNamingConvention();
    }
}
