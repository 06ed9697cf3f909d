using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Transactions;

namespace Saga.Persistence.Scheduling;

/// <summary>
/// One pass of the scheduler: moves the messages that are due from <c>scheduled_messages</c> into the outbox, in one
/// transaction, and wakes the outbox delivery. Rows are locked skipping those another instance holds, so two running
/// schedulers never move the same row; a crash before the commit leaves the rows due, to be moved by the next pass. Due
/// times are compared on the database's clock. For <see cref="DurableSchedulerOptions{TDbContext}.StartupGrace"/> after
/// <see cref="StartGrace"/> nothing is moved.
/// </summary>
public sealed class ScheduledMessageDispatcher<TDbContext>
    where TDbContext : DbContext
{
    readonly DatabaseClock<TDbContext> _clock;
    readonly OutboxDeliverySignal<TDbContext> _delivery;
    readonly ISqlDialect _dialect;
    readonly DurableSchedulerOptions<TDbContext> _options;
    readonly IServiceScopeFactory _scopeFactory;
    readonly TimeProvider _timeProvider;
    long _graceEndsTicks = DateTime.MinValue.Ticks;

    public ScheduledMessageDispatcher(IServiceScopeFactory scopeFactory, DbContextDialect<TDbContext> dialect, OutboxDeliverySignal<TDbContext> delivery,
        DurableSchedulerOptions<TDbContext> options, TimeProvider timeProvider, DatabaseClock<TDbContext> clock)
    {
        _scopeFactory = scopeFactory;
        _dialect = dialect.Dialect;
        _delivery = delivery;
        _options = options;
        _timeProvider = timeProvider;
        _clock = clock;
    }

    /// <summary>Until when (the database's clock) the start-up grace holds every due message back.</summary>
    public DateTime GraceEndsAt => new(Interlocked.Read(ref _graceEndsTicks), DateTimeKind.Utc);

    /// <summary>
    /// Starts the start-up grace: deadlines that fell due while the service was down, or fall due within the grace, wait
    /// until it ended, so that the replies that queued up meanwhile are consumed first.
    /// </summary>
    public void StartGrace() => Interlocked.Exchange(ref _graceEndsTicks, (_clock.UtcNow + _options.StartupGrace).Ticks);

    /// <summary>
    /// Moves due messages to the outbox; returns how many it moved and when the next pass should look: when the next
    /// message falls due, the grace ends, or — when due messages are left that another instance is moving right now —
    /// after a poll interval, by which that instance has committed.
    /// </summary>
    public async Task<DispatchResult> DispatchDue(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var now = _clock.UtcNow;

        DateTime? NotBeforeGrace(DateTime? due) => due is { } value && value < GraceEndsAt ? GraceEndsAt : due;
        if (now < GraceEndsAt)
            return new DispatchResult(0, NotBeforeGrace(await NextDueAt(dbContext, cancellationToken)));

        int moved;
        using (await _dialect.EnterWriteAsync(dbContext, cancellationToken))
        using (AutoSavepointsOff.For(dbContext))
        await using (var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken))
        {
            List<ScheduledMessage> due = await dbContext.Set<ScheduledMessage>()
                .FromSqlRaw(LockDueStatement(dbContext, _dialect), _options.DispatchBatchSize, now)
                .AsTracking()
                .ToListAsync(cancellationToken);

            foreach (var scheduled in due)
            {
                // A batch per message: one destination that fails must not hold back the others.
                new OutboxWriter(dbContext, _timeProvider, _clock).Add(ToOutboxMessage(scheduled));
                dbContext.Remove(scheduled);
            }

            await dbContext.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            moved = due.Count;
        }

        if (moved > 0)
            _delivery.Notify();

        var nextDue = await NextDueAt(dbContext, cancellationToken);
        // Still due after a pass that took what it could: another instance holds those rows (skipped as locked) and is
        // moving them. Looking again at once would only spin on them.
        if (nextDue <= now && moved < _options.DispatchBatchSize)
            nextDue = now + _options.PollInterval;
        return new DispatchResult(moved, nextDue);
    }

    static Task<DateTime?> NextDueAt(DbContext dbContext, CancellationToken cancellationToken) =>
        dbContext.Set<ScheduledMessage>().OrderBy(x => x.DueAt).Select(x => (DateTime?)x.DueAt).FirstOrDefaultAsync(cancellationToken);

    static OutboxMessage ToOutboxMessage(ScheduledMessage scheduled) => new()
    {
        MessageId = scheduled.MessageId,
        ContentType = scheduled.ContentType,
        MessageType = scheduled.MessageType,
        Body = scheduled.Body,
        Headers = scheduled.Headers,
        ConversationId = scheduled.ConversationId,
        CorrelationId = scheduled.CorrelationId,
        InitiatorId = scheduled.InitiatorId,
        SourceAddress = scheduled.SourceAddress,
        DestinationAddress = scheduled.DestinationAddress,
        SentTime = scheduled.DueAt,
    };

    // Parameters: {0} row limit, {1} now.
    static string LockDueStatement(DbContext dbContext, ISqlDialect dialect) =>
        StatementCache.Get(dialect, dbContext, typeof(ScheduledMessageDispatcher<>), () =>
        {
            var table = MappedTable.For<ScheduledMessage>(dbContext, nameof(SchedulerModelBuilderExtensions.DurableScheduler));
            var dueAt = table.Column(nameof(ScheduledMessage.DueAt));
            return dialect.LockRows(table.Name, $"{dueAt} <= {{1}}", $"{dueAt}, {table.Column(nameof(ScheduledMessage.TokenId))}");
        });
}
