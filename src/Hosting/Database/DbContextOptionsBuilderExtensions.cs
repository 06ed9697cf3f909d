using Microsoft.EntityFrameworkCore;

namespace Saga.Hosting.Database;

public static class DbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Points a context at the configured database. Names are snake_case on every provider, so operators can query
    /// PostgreSQL without quoting.
    /// </summary>
    public static DbContextOptionsBuilder UseConfiguredDatabase(this DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(options.ConnectionString);
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(options.ConnectionString);
                break;
            default:
                builder.UseSqlite(options.ConnectionString);
                break;
        }

        return builder.UseSnakeCaseNamingConvention();
    }
}
