using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Reports a row count the test chooses for the inbox claim (the statement still runs on the database), as a connection
/// with SQL Server's NOCOUNT on reports -1 for every statement.
/// </summary>
public sealed class InboxClaimRowCount : DbCommandInterceptor
{
    const long Unchanged = long.MinValue;
    long _reported = Unchanged;

    /// <summary>Every inbox claim from now on reports <paramref name="rows"/>.</summary>
    public void Report(int rows) => Interlocked.Exchange(ref _reported, rows);

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Rewrite(command, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Rewrite(command, result));

    int Rewrite(DbCommand command, int result) =>
        Interlocked.Read(ref _reported) is var reported && reported != Unchanged && command.CommandText.Contains("INSERT", StringComparison.OrdinalIgnoreCase)
                                  && command.CommandText.Contains("inbox_messages", StringComparison.Ordinal)
            ? (int)reported
            : result;
}
