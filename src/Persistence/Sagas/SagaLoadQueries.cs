using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;

namespace Saga.Persistence.Sagas;

/// <summary>
/// The saga's load. The optimistic one is compiled once rather than translated on every consumed message: EF Core would
/// otherwise extract the parameters and look the query up in its cache each time.
/// </summary>
internal static class SagaLoadQueries<TSaga>
    where TSaga : class, ISaga
{
    static readonly Func<DbContext, Guid, CancellationToken, Task<TSaga?>> ByCorrelationId =
        EF.CompileAsyncQuery((DbContext dbContext, Guid correlationId, CancellationToken _) =>
            dbContext.Set<TSaga>().SingleOrDefault(x => x.CorrelationId == correlationId));

    /// <summary>Reads the saga for tracking, without locking it.</summary>
    public static Task<TSaga?> Load(DbContext dbContext, Guid correlationId, CancellationToken cancellationToken) =>
        ByCorrelationId(dbContext, correlationId, cancellationToken);

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
