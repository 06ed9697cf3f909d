using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Outbox;

namespace Saga.Persistence.Scheduling;

/// <summary>
/// One pass of the scheduler: moves the messages that are due from <c>scheduled_messages</c> into the outbox, in one
/// transaction, and wakes the outbox delivery. Rows are locked skipping those another instance holds, so two running
/// schedulers never move the same row; a crash before the commit leaves the rows due, to be moved by the next pass.
/// </summary>
public sealed class ScheduledMessageDispatcher<TDbContext>
    where TDbContext : DbContext
{
    static readonly ConcurrentDictionary<(Type Context, string? Provider, string? Schema), string> Statements = new();

    readonly OutboxDeliverySignal<TDbContext> _delivery;
    readonly DurableSchedulerOptions<TDbContext> _options;
    readonly IServiceScopeFactory _scopeFactory;
    readonly TimeProvider _timeProvider;

    public ScheduledMessageDispatcher(IServiceScopeFactory scopeFactory, OutboxDeliverySignal<TDbContext> delivery,
        DurableSchedulerOptions<TDbContext> options, TimeProvider timeProvider)
    {
        _scopeFactory = scopeFactory;
        _delivery = delivery;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Moves due messages to the outbox; returns how many it moved and when the next one is due.</summary>
    public async Task<DispatchResult> DispatchDue(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var now = _timeProvider.GetUtcNow().UtcDateTime;

        int moved;
        using (await SqliteWriteGate.EnterAsync(dbContext, cancellationToken))
        await using (var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken))
        {
            List<ScheduledMessage> due = await dbContext.Set<ScheduledMessage>()
                .FromSqlRaw(LockDueStatement(dbContext), _options.DispatchBatchSize, now)
                .AsTracking()
                .ToListAsync(cancellationToken);

            foreach (var scheduled in due)
            {
                // A batch per message: one destination that fails must not hold back the others.
                new OutboxWriter(dbContext, _timeProvider).Add(ToOutboxMessage(scheduled));
                dbContext.Remove(scheduled);
            }

            await dbContext.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            moved = due.Count;
        }

        if (moved > 0)
            _delivery.Notify();

        var nextDue = await dbContext.Set<ScheduledMessage>().OrderBy(x => x.DueAt).Select(x => (DateTime?)x.DueAt)
            .FirstOrDefaultAsync(cancellationToken);
        return new DispatchResult(moved, nextDue);
    }

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

    static string LockDueStatement(DbContext dbContext) =>
        Statements.GetOrAdd((dbContext.GetType(), dbContext.Database.ProviderName, dbContext.Model.GetDefaultSchema()), _ =>
        {
            var table = MappedTable.For<ScheduledMessage>(dbContext, nameof(SchedulerModelBuilderExtensions.DurableScheduler));
            var dueAt = table.Column(nameof(ScheduledMessage.DueAt));
            return DueRowsStatement.Build(dbContext, table, dueAt, $"{dueAt}, {table.Column(nameof(ScheduledMessage.TokenId))}");
        });
}
