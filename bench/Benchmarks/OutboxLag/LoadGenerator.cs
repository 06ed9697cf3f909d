using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// The writers: each, one unit of work after another, opens a DI scope (as a request handler would), adds a row,
/// publishes through the scope's <see cref="IPublishEndpoint"/> (so the bus outbox stores the messages), saves, and
/// notes when the transaction committed against the ids of the messages it stored.
/// </summary>
public sealed class LoadGenerator(IServiceScopeFactory scopes, TimeProvider clock, OutboxLagOptions options)
{
    public async Task<LoadResult> RunAsync(CommitSchedule schedule, CancellationToken cancellationToken)
    {
        var messages = new List<CommittedMessage>[options.Writers];
        var saveDurations = new List<TimeSpan>[options.Writers];
        var commitTimesTakenAfterSave = 0;
        for (var writer = 0; writer < options.Writers; writer++)
        {
            messages[writer] = [];
            saveDurations[writer] = [];
        }

        var startedAt = clock.GetUtcNow().UtcDateTime;
        var stopwatch = Stopwatch.StartNew();
        schedule.Start();
        await Task.WhenAll(Enumerable.Range(0, options.Writers).Select(writer => Task.Run(async () =>
        {
            while (schedule.TryTake(out var sequence))
            {
                await schedule.WaitForTurnAsync(sequence, cancellationToken);
                var (committed, saveDuration, stampedAtCommit) = await CommitOneAsync(writer, sequence, cancellationToken);
                messages[writer].AddRange(committed);
                saveDurations[writer].Add(saveDuration);
                if (!stampedAtCommit)
                    Interlocked.Increment(ref commitTimesTakenAfterSave);
            }
        }, cancellationToken)));
        stopwatch.Stop();

        var all = messages.SelectMany(x => x).ToList();
        return new LoadResult(all, saveDurations.SelectMany(x => x).ToList(), saveDurations.Sum(x => (long)x.Count), stopwatch.Elapsed,
            startedAt, all.Count == 0 ? startedAt : all.Max(x => x.CommittedAt), commitTimesTakenAfterSave);
    }

    async Task<(CommittedMessage[] Messages, TimeSpan SaveDuration, bool StampedAtCommit)> CommitOneAsync(int writer, long sequence,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutboxLagDbContext>();
        var publishEndpoint = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();

        var record = new WrittenRecord { Id = NewId.NextGuid(), Writer = writer, Sequence = sequence, WrittenAt = clock.GetUtcNow().UtcDateTime };
        db.Records.Add(record);
        var messageIds = new Guid[options.MessagesPerCommit];
        for (var index = 0; index < messageIds.Length; index++)
        {
            var messageId = messageIds[index] = NewId.NextGuid();
            await publishEndpoint.Publish(new RecordWritten(record.Id, index), context => context.MessageId = messageId, cancellationToken);
        }

        var saving = Stopwatch.GetTimestamp();
        if (options.ExplicitTransaction)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (options.HoldTransaction > TimeSpan.Zero)
                await Task.Delay(options.HoldTransaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var saveDuration = Stopwatch.GetElapsedTime(saving);
        // EF Core commits SaveChanges' several inserts in a transaction of its own, so the interceptor has stamped it;
        // the time after the call is a fallback (later, so it understates the lag), and the report counts how often it was used.
        var committedAt = db.LastCommittedAt ?? clock.GetUtcNow().UtcDateTime;
        return (messageIds.Select(id => new CommittedMessage(id, committedAt)).ToArray(), saveDuration, db.LastCommittedAt is not null);
    }
}
