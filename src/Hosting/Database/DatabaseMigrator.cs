using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;

namespace Saga.Hosting.Database;

/// <summary>Applies the pending EF Core migrations of every database the service owns.</summary>
public sealed partial class DatabaseMigrator(IServiceProvider services, IEnumerable<DatabaseRegistration> databases,
    IOptionsMonitor<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(Func<DatabaseOptions, bool> include, CancellationToken cancellationToken)
    {
        foreach (var database in databases)
        {
            var settings = options.Get(database.Section);
            if (!include(settings))
                continue;

            SqliteSchemaNotice.LogIfIgnored(logger, database.Section, settings);
            await using var scope = services.CreateAsyncScope();
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await context.Database.MigrateAsync(cancellationToken);
            LogMigrated(logger, database.Section, settings.Provider, ConnectionStringDescription.Of(settings), pending.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Section}: {Provider} database {Database} is up to date ({Applied} migrations applied)")]
    static partial void LogMigrated(ILogger logger, string section, DatabaseProvider provider, string database, int applied);
}
