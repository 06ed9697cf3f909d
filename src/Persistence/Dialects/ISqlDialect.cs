using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Dialects;

/// <summary>
/// Everything that differs between the supported databases: the few statements LINQ cannot express (row locks, the inbox
/// claim, the database's clock), how writers take turns, and the bits of SQL the command-line tool writes by hand. One
/// instance per provider (<see cref="SqlDialects"/>), chosen once when a context is registered
/// (<see cref="SqlDialectRegistrationExtensions.AddSqlDialect{TDbContext}"/>). Placeholders <c>{n}</c> are the
/// parameters of EF Core's raw SQL methods; <c>@name</c> those of an ADO.NET command.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>The EF Core provider this dialect speaks for, as <c>DbContext.Database.ProviderName</c> reports it.</summary>
    string EntityFrameworkProvider { get; }

    /// <summary>
    /// Reads one row of <paramref name="table"/> by its key and locks it until the transaction ends. Names as mapped,
    /// delimited here; <c>{0}</c> is the key.
    /// </summary>
    string LockRow(string? schema, string table, string keyColumn);

    /// <summary>
    /// Inserts a row unless one with the same key exists, waiting for a concurrent insert of that key to commit or roll
    /// back; affects one row when it inserted. <paramref name="table"/> and <paramref name="columns"/> are delimited,
    /// <paramref name="sameKey"/> is the condition that finds an existing row.
    /// </summary>
    string InsertUnlessPresent(string table, string columns, string values, string sameKey);

    /// <summary>
    /// Reads the rows of <paramref name="table"/> (delimited) that meet <paramref name="condition"/>, in
    /// <paramref name="orderBy"/>'s order, and locks them until the transaction ends, skipping rows another transaction
    /// holds, so that several instances share the rows without waiting on each other. <c>{0}</c> is the row limit.
    /// </summary>
    string LockRows(string table, string condition, string orderBy);

    /// <summary>
    /// Deletes, of the first <c>{0}</c> rows of <paramref name="table"/> (delimited) in <paramref name="keyColumn"/>'s
    /// order, those that meet <paramref name="condition"/>. A batch reads at most <c>{0}</c> entries of the key's index
    /// from its start, however large the table and however few rows qualify: for rows whose keys grow with time (an
    /// identity), that is the oldest first, and a table with nothing to delete costs one short index read.
    /// </summary>
    string DeleteFromKeyStart(string table, string keyColumn, string condition);

    /// <summary>A query of the database's current UTC time, as one column named <c>Value</c>.</summary>
    string ReadClock { get; }

    /// <summary>
    /// Waits for this process's turn to write, on a database that lets one writer in at a time; dispose to let the next
    /// in. Completes at once where writers do not take turns.
    /// </summary>
    Task<IDisposable> EnterWriteAsync(DbContext dbContext, CancellationToken cancellationToken);

    /// <summary>
    /// A view or table <paramref name="name"/> (a plain snake_case identifier, written as it is) in
    /// <paramref name="schema"/>, which is delimited as EF Core delimits it when it creates the schema, so that its case
    /// is kept; the name alone without a schema, or where the database has no schemas.
    /// </summary>
    string Qualify(string? schema, string name);

    /// <summary>The database's current UTC time, in the type EF Core gives a <see cref="DateTime"/> column.</summary>
    string UtcNow { get; }

    /// <summary>One <c>UPDATE</c> of <paramref name="table"/> that returns <paramref name="column"/> of every row it changed.</summary>
    string UpdateReturning(string table, string set, string where, string column);

    /// <summary>Rows <c>@skip</c> + 1 to <c>@skip</c> + <c>@take</c> of an ordered query.</summary>
    string Page { get; }

    /// <summary>The start of the minute <paramref name="column"/> falls in.</summary>
    string TruncateToMinute(string column);

    /// <summary>The most parameters one command may carry; statements over many rows are cut into chunks below it.</summary>
    int MaxParameters { get; }

    /// <summary>A <see cref="Guid"/> as an ADO.NET parameter value, in the form EF Core stores it.</summary>
    object Id(Guid id);
}
