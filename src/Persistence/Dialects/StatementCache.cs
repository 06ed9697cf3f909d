using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Dialects;

/// <summary>
/// The statements built from a context's model in a dialect, built once rather than on every message. One context type
/// has a model per default schema (a configurable setting), so that schema is part of the key, as is the dialect: a
/// context type may be used on several databases in one process.
/// </summary>
internal static class StatementCache
{
    static readonly ConcurrentDictionary<(ISqlDialect Dialect, Type Context, string? Schema, object Statement), object> Statements = new();

    /// <param name="statement">Which statement: a type or a name, unique among the statements built for one context.</param>
    public static T Get<T>(ISqlDialect dialect, DbContext dbContext, object statement, Func<T> build)
        where T : class =>
        (T)Statements.GetOrAdd((dialect, dbContext.GetType(), dbContext.Model.GetDefaultSchema(), statement), _ => build());
}
