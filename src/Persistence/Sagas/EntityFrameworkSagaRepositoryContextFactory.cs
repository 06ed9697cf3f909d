using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;
using Saga.Persistence.Transactions;

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
    readonly ISqlDialect _dialect;
    readonly ILogger _logger;
    readonly SagaConcurrencyMode _mode;
    readonly TimeProvider _timeProvider;

    public EntityFrameworkSagaRepositoryContextFactory(TContext dbContext, DbContextDialect<TContext> dialect,
        ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory, EntityFrameworkSagaRepositoryOptions<TSaga> options, TimeProvider timeProvider,
        ILogger<EntityFrameworkSagaRepositoryContextFactory<TSaga, TContext>> logger)
    {
        _logger = logger;
        _dbContext = dbContext;
        _dialect = dialect.Dialect;
        _consumeContextFactory = consumeContextFactory;
        _mode = options.ConcurrencyMode;
        _timeProvider = timeProvider;
    }

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "entity-framework-core");
        context.Add("dbContext", typeof(TContext).Name);
        context.Add("concurrency", _mode.ToString());
    }

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        var repositoryContext = new DbContextSagaRepositoryContext<TSaga, T>(_dbContext, _dialect, context, _consumeContextFactory, _mode, _timeProvider, _logger);
        return WithinLockingTransaction(() => next.Send(repositoryContext), context.CancellationToken);
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        async Task Send()
        {
            var repositoryContext = new DbContextSagaRepositoryContext<TSaga, T>(_dbContext, _dialect, context, _consumeContextFactory, _mode, _timeProvider, _logger);
            var instances = new List<TSaga>();
            if (_mode == SagaConcurrencyMode.Pessimistic)
            {
                // Find the matching ids without locks, then lock each row as it is loaded, inside the transaction.
                List<Guid> ids = await _dbContext.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(x => x.CorrelationId)
                    .ToListAsync(context.CancellationToken).ConfigureAwait(false);
                foreach (var id in ids)
                {
                    if (await repositoryContext.LoadInstance(id).ConfigureAwait(false) is { } instance)
                        instances.Add(instance);
                }
            }
            else
            {
                instances = await _dbContext.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken).ConfigureAwait(false);
            }

            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances)).ConfigureAwait(false);
        }

        return WithinLockingTransaction(Send, context.CancellationToken);
    }

    /// <summary>In pessimistic mode, holds the row locks taken while loading until the saga's changes are committed.</summary>
    async Task WithinLockingTransaction(Func<Task> send, CancellationToken cancellationToken)
    {
        if (_mode != SagaConcurrencyMode.Pessimistic || _dbContext.Database.CurrentTransaction is not null)
        {
            await send().ConfigureAwait(false);
            return;
        }

        using var autoSavepoints = AutoSavepointsOff.For(_dbContext);
        await using var transaction = await _dbContext.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await send().ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaQueryContext<TSaga>(_dbContext, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaQueryContext<TSaga>(_dbContext, cancellationToken));
}
