using System.Runtime.CompilerServices;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Saga.Persistence.Dialects;

namespace Saga.Persistence.Sagas;

/// <summary>
/// The saga's load. The optimistic one is compiled once rather than translated on every consumed message: EF Core would
/// otherwise extract the parameters and look the query up in its cache each time.
/// </summary>
internal static class SagaLoadQueries<TSaga>
    where TSaga : class, ISaga
{
    // EF Core binds a compiled query to the first model it runs with and refuses any other, while one saga type may be
    // mapped by several models in one process (a context per database provider, or naming, in tests): one per model.
    static readonly ConditionalWeakTable<IModel, Func<DbContext, Guid, CancellationToken, Task<TSaga?>>> ByCorrelationId = new();

    /// <summary>Reads the saga for tracking, without locking it.</summary>
    public static Task<TSaga?> Load(DbContext dbContext, Guid correlationId, CancellationToken cancellationToken) =>
        ByCorrelationId.GetValue(dbContext.Model, _ => EF.CompileAsyncQuery((DbContext context, Guid id, CancellationToken _) =>
            context.Set<TSaga>().SingleOrDefault(x => x.CorrelationId == id)))(dbContext, correlationId, cancellationToken);

    /// <summary>
    /// Reads the saga for tracking and locks its row until the transaction ends, with <see cref="SagaLockStatement"/>.
    /// Not compiled: EF Core cannot compile a query over raw SQL (the DbSet it starts from becomes a plain queryable).
    /// Not composed with further operators either, so the provider runs the locking statement exactly as written.
    /// </summary>
    public static async Task<TSaga?> LoadLocked(DbContext dbContext, ISqlDialect dialect, Guid correlationId, CancellationToken cancellationToken)
    {
        List<TSaga> locked = await dbContext.Set<TSaga>()
            .FromSqlRaw(SagaLockStatement.For<TSaga>(dbContext, dialect), correlationId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return locked.SingleOrDefault();
    }
}
