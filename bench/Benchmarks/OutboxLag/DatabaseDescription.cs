using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// The database server's version and the settings that decide what a commit costs (fsync, synchronous commit, journal
/// mode), read from the server itself so the report says what was measured rather than what was assumed.
/// </summary>
public sealed record DatabaseDescription(string Product, string Version, string Durability)
{
    public static async Task<DatabaseDescription> ReadAsync(IServiceProvider services, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxLagDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            async Task<string> Scalar(string sql)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? "";
            }

            return provider == DatabaseProvider.PostgreSql
                ? new DatabaseDescription("PostgreSQL", await Scalar("SHOW server_version"),
                    $"fsync={await Scalar("SHOW fsync")} synchronous_commit={await Scalar("SHOW synchronous_commit")} " +
                    $"full_page_writes={await Scalar("SHOW full_page_writes")}")
                : new DatabaseDescription("SQLite", await Scalar("SELECT sqlite_version()"),
                    $"journal_mode={await Scalar("PRAGMA journal_mode")} synchronous={SqliteSynchronous(await Scalar("PRAGMA synchronous"))}");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>PRAGMA synchronous answers with a number; FULL (2) means an fsync per commit, in WAL mode too.</summary>
    static string SqliteSynchronous(string level) => level switch
    {
        "0" => "off",
        "1" => "normal",
        "2" => "full",
        "3" => "extra",
        _ => level,
    };
}
