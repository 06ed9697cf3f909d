using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Participants.Tests.Infrastructure;

/// <summary>
/// Lets a context run statements without a server: opening the connection is skipped, and every non-query is recorded and
/// answered with one affected row. For checking the SQL a provider generates where no such server can run (SQL Server).
/// </summary>
public sealed class StatementRecorder : IDbConnectionInterceptor, IDbCommandInterceptor
{
    private readonly List<string> _statements = [];

    public IReadOnlyList<string> Statements => _statements;

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        _statements.Add(command.CommandText);
        return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(1));
    }
}
