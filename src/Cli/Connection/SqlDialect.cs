using Saga.Hosting.Database;
using Saga.Persistence.Dialects;

namespace Saga.Cli.Connection;

/// <summary>
/// The little SQL that differs between the providers: qualifying a view or table with the configured schema, paging,
/// truncating a time to its minute, the database's clock, returning updated rows, and how an id is stored. Everything else is the same SQL everywhere, with parameters.
/// </summary>
public sealed class SqlDialect(DatabaseProvider provider, string? schema)
{
    public DatabaseProvider Provider { get; } = provider;

    /// <summary>
    /// The view's name, in the configured schema. The schema is a validated plain identifier (<see cref="DatabaseSchemaName"/>),
    /// quoted as EF Core quotes it when it creates the schema, so that its case is kept.
    /// </summary>
    public string View(string name) => (Provider, schema) switch
    {
        (DatabaseProvider.PostgreSql, { } s) => $"\"{s}\".{name}",
        (DatabaseProvider.SqlServer, { } s) => $"[{s}].{name}",
        _ => name,
    };

    /// <summary>A table's name in the configured schema, qualified as <see cref="View"/> is.</summary>
    public string Table(string name) => View(name);

    /// <summary>The database's current UTC time in the type EF Core gives a <see cref="DateTime"/> column (text on SQLite).</summary>
    public string UtcNow => Provider switch
    {
        DatabaseProvider.PostgreSql => "now()",
        DatabaseProvider.SqlServer => "SYSUTCDATETIME()",
        _ => "strftime('%Y-%m-%d %H:%M:%f', 'now')",
    };

    /// <summary>
    /// One <c>UPDATE</c> of <paramref name="table"/> that returns <paramref name="column"/> of every row it changed:
    /// <c>OUTPUT inserted.…</c> on SQL Server, <c>RETURNING</c> elsewhere.
    /// </summary>
    public string UpdateReturning(string table, string set, string where, string column) => Provider == DatabaseProvider.SqlServer
        ? $"UPDATE {table} SET {set} OUTPUT inserted.{column} WHERE {where}"
        : $"UPDATE {table} SET {set} WHERE {where} RETURNING {column}";

    /// <summary>Rows <c>@skip</c> + 1 to <c>@skip</c> + <c>@take</c> of an ordered query.</summary>
    public string Page => Provider == DatabaseProvider.SqlServer
        ? "OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY"
        : "LIMIT @take OFFSET @skip";

    /// <summary>The start of the minute <paramref name="column"/> falls in.</summary>
    public string Minute(string column) => Provider switch
    {
        DatabaseProvider.PostgreSql => $"date_trunc('minute', {column})",
        DatabaseProvider.SqlServer => $"DATEADD(minute, DATEDIFF(minute, 0, {column}), 0)",
        _ => $"strftime('%Y-%m-%d %H:%M:00', {column})",
    };

    /// <summary>An order id as a parameter value (see <see cref="Id"/>).</summary>
    public object OrderId(Guid orderId) => Id(orderId);

    /// <summary>A Guid as a parameter value: EF Core keeps Guids as upper-case text on SQLite.</summary>
    public object Id(Guid id) => Provider == DatabaseProvider.Sqlite ? id.ToString("D").ToUpperInvariant() : id;
}
