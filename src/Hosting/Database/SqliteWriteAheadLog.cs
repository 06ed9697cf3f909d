using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Hosting.Database;

/// <summary>
/// Runs every SQLite connection in write-ahead-log mode with normal sync: readers no longer wait for the writer, and a
/// commit costs an append instead of a journal rewrite with two syncs. Each consumed message commits at least twice
/// (its inbox transaction and its outbox delivery), so this is most of the embedded default's speed. A commit is still
/// durable across a process crash; only an operating-system crash or power loss may lose the last commits.
/// </summary>
public sealed class SqliteWriteAheadLog : DbConnectionInterceptor
{
    public static SqliteWriteAheadLog Instance { get; } = new();

    const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
