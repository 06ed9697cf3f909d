using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Saga.Persistence.Dialects;

/// <summary>
/// The statements built from a context's model in a dialect, built once rather than on every message. They are kept
/// per model instance, because everything they name (tables, columns, schema, naming convention) comes from the model:
/// one context type configured two ways has two models and gets two sets of statements. A weak table lets a model that
/// EF Core no longer holds (a disposed service provider) go with its statements.
/// </summary>
internal static class StatementCache
{
    static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<(ISqlDialect? Dialect, object Statement), object>> Statements = new();

    /// <param name="statement">Which statement: a type or a name, unique among the statements built for one context.</param>
    public static T Get<T>(ISqlDialect dialect, DbContext dbContext, object statement, Func<T> build)
        where T : class =>
        (T)Statements.GetOrCreateValue(dbContext.Model).GetOrAdd((dialect, statement), _ => build());

    /// <summary>A statement (or compiled query) that only the model decides: the provider's own SQL, no dialect's.</summary>
    public static T Get<T>(DbContext dbContext, object statement, Func<T> build)
        where T : class =>
        (T)Statements.GetOrCreateValue(dbContext.Model).GetOrAdd((null, statement), _ => build());
}
