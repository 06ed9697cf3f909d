using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Sagas;

/// <summary>
/// The EF Core saga repository, plugged into MassTransit's saga repository extension points: one instance per message scope,
/// working on the scoped <typeparamref name="TContext"/> that the container hands out for that scope.
/// </summary>
public sealed class EntityFrameworkSagaRepositoryContextFactory<TSaga, TContext> :
    ISagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
    where TContext : DbContext
{
    readonly ISagaConsumeContextFactory<DbContext, TSaga> _consumeContextFactory;
    readonly TContext _dbContext;
    readonly TimeProvider _timeProvider;

    public EntityFrameworkSagaRepositoryContextFactory(TContext dbContext, ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory,
        TimeProvider? timeProvider = null)
    {
        _dbContext = dbContext;
        _consumeContextFactory = consumeContextFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "entity-framework-core");
        context.Add("dbContext", typeof(TContext).Name);
    }

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        var repositoryContext = new DbContextSagaRepositoryContext<TSaga, T>(_dbContext, context, _consumeContextFactory, _timeProvider);
        return next.Send(repositoryContext);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        List<TSaga> instances = await _dbContext.Set<TSaga>()
            .Where(query.FilterExpression)
            .ToListAsync(context.CancellationToken)
            .ConfigureAwait(false);

        var repositoryContext = new DbContextSagaRepositoryContext<TSaga, T>(_dbContext, context, _consumeContextFactory, _timeProvider);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances)).ConfigureAwait(false);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaQueryContext<TSaga>(_dbContext, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaQueryContext<TSaga>(_dbContext, cancellationToken));
}
