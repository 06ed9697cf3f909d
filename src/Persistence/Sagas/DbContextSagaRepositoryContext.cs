using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;
using Saga.Persistence.Telemetry;

namespace Saga.Persistence.Sagas;

/// <summary>
/// The unit of work for one consumed message: loads, adds, updates or deletes saga instances through one <see cref="DbContext"/>.
/// Optimistic concurrency: an update matches the version that was read; a conflict throws <see cref="DbUpdateConcurrencyException"/>,
/// which the endpoint's retry policy turns into a fresh attempt with freshly loaded state. Such conflicts, and inserts that lose
/// a race, are counted (<see cref="SagaRepositoryMetrics"/>) and logged at Debug.
/// </summary>
public sealed class DbContextSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    const string InsertSavepoint = "saga_insert";

    readonly ConsumeContext<TMessage> _consumeContext;
    readonly DbContext _dbContext;
    readonly ISqlDialect _dialect;
    readonly ISagaConsumeContextFactory<DbContext, TSaga> _factory;
    readonly ILogger _logger;
    readonly SagaConcurrencyMode _mode;
    readonly TimeProvider _timeProvider;

    public DbContextSagaRepositoryContext(DbContext dbContext, ISqlDialect dialect, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<DbContext, TSaga> factory, SagaConcurrencyMode mode, TimeProvider timeProvider, ILogger logger)
        : base(consumeContext, dbContext)
    {
        _logger = logger;
        _dbContext = dbContext;
        _dialect = dialect;
        _consumeContext = consumeContext;
        _factory = factory;
        _mode = mode;
        _timeProvider = timeProvider;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        var entry = _dbContext.Set<TSaga>().Add(instance);
        // The one save that may fail and go on: inside a transaction (whose automatic savepoints are off) a savepoint of
        // its own keeps the transaction usable after a failed insert, which PostgreSQL would otherwise abort.
        var transaction = _dbContext.Database.CurrentTransaction is { SupportsSavepoints: true } current ? current : null;
        if (transaction is not null)
            await transaction.CreateSavepointAsync(InsertSavepoint, CancellationToken).ConfigureAwait(false);
        try
        {
            await SaveChanges(instance).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Most likely the instance exists already: forget the failed insert so that the load that follows,
            // and the update after it, work on the stored row.
            InsertRace(instance.CorrelationId);
            entry.State = EntityState.Detached;
            if (transaction is not null)
                await transaction.RollbackToSavepointAsync(InsertSavepoint, CancellationToken).ConfigureAwait(false);
            return null!;
        }

        if (transaction is not null)
            await transaction.ReleaseSavepointAsync(InsertSavepoint, CancellationToken).ConfigureAwait(false);

        return await _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await LoadInstance(correlationId).ConfigureAwait(false);
        if (instance is null)
            return null!;

        return await _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    /// <summary>Reads the saga for tracking; in pessimistic mode its row stays locked until the transaction ends.</summary>
    internal async Task<TSaga?> LoadInstance(Guid correlationId)
    {
        if (_mode == SagaConcurrencyMode.Optimistic)
            return await SagaLoadQueries<TSaga>.Load(_dbContext, correlationId, CancellationToken).ConfigureAwait(false);

        var started = _timeProvider.GetTimestamp();
        var instance = await SagaLoadQueries<TSaga>.LoadLocked(_dbContext, _dialect, correlationId, CancellationToken).ConfigureAwait(false);
        SagaRepositoryMetrics.RecordLockDuration(typeof(TSaga), _timeProvider.GetElapsedTime(started));
        return instance;
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Set<TSaga>().Add(context.Saga);
        try
        {
            await SaveChanges(context.Saga).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // A new saga's insert (its opening message was not inserted on arrival): the retry finds the stored row.
            InsertRace(context.Saga.CorrelationId);
            throw;
        }
    }

    public Task Update(SagaConsumeContext<TSaga> context) => SaveExisting(context.Saga);

    public Task Delete(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Set<TSaga>().Remove(context.Saga);
        return SaveExisting(context.Saga);
    }

    public Task Discard(SagaConsumeContext<TSaga> context)
    {
        // Nothing was written for a discarded new instance; drop whatever the behavior queued up.
        _dbContext.ChangeTracker.Clear();
        return Task.CompletedTask;
    }

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        _dbContext.ChangeTracker.Clear();
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_dbContext, consumeContext, instance, mode);

    /// <summary>Writes a change to a stored saga; a version conflict is counted and goes on to the retry.</summary>
    async Task SaveExisting(TSaga saga)
    {
        try
        {
            await SaveChanges(saga).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            SagaRepositoryMetrics.RecordVersionConflict(typeof(TSaga));
            SagaRepositoryLog.VersionConflict(_logger, typeof(TSaga).Name, saga.CorrelationId);
            throw;
        }
    }

    void InsertRace(Guid correlationId)
    {
        SagaRepositoryMetrics.RecordInsertRace(typeof(TSaga));
        SagaRepositoryLog.InsertRace(_logger, typeof(TSaga).Name, correlationId);
    }

    async Task SaveChanges(TSaga saga)
    {
        SagaChangeStamper.Stamp(_dbContext, saga, _timeProvider.GetUtcNow().UtcDateTime);
        await _dbContext.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
    }
}
