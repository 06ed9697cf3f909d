using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Saga.Persistence.Scheduling;

/// <summary>The scheduler's writes, shared by the schedule command's consumer and schedules made inside a transaction.</summary>
internal static class ScheduledMessageRows
{
    /// <summary>The schedule with this token, tracked for update: scheduling a token again replaces what it holds.</summary>
    public static async Task<ScheduledMessage> FindOrAdd(DbContext dbContext, Guid tokenId, Uri destinationAddress, CancellationToken cancellationToken)
    {
        var row = await dbContext.Set<ScheduledMessage>().FindAsync([tokenId], cancellationToken);
        return row ?? Add(dbContext, tokenId, destinationAddress);
    }

    /// <summary>
    /// A new schedule, tracked for insert, for a token made up just now: no row can hold it yet, so there is nothing to
    /// look for first.
    /// </summary>
    public static ScheduledMessage Add(DbContext dbContext, Guid tokenId, Uri destinationAddress)
    {
        var row = new ScheduledMessage
        {
            TokenId = tokenId,
            DestinationAddress = destinationAddress,
            ContentType = "",
            MessageType = "",
            Body = "",
        };
        dbContext.Add(row);
        return row;
    }

    /// <summary>
    /// Deletes the schedule; one that was sent already, or never stored, has nothing left to cancel. A row this context
    /// does not track is deleted by one statement instead of a read and a delete.
    /// </summary>
    public static async Task Remove(DbContext dbContext, Guid tokenId, CancellationToken cancellationToken)
    {
        var tracked = FindTracked(dbContext, tokenId);
        if (tracked is not null)
            dbContext.Remove(tracked.Entity);
        else
            await dbContext.Database.ExecuteSqlRawAsync(ScheduleDeleteStatement.For(dbContext), [tokenId], cancellationToken);
    }

    /// <summary>
    /// The schedule this context tracks under the token, if any. Looked up without the change detection that reading
    /// <c>DbSet.Local</c> runs over every tracked entity: a key never changes, so finding one needs none.
    /// </summary>
    static EntityEntry<ScheduledMessage>? FindTracked(DbContext dbContext, Guid tokenId)
    {
        var changeTracker = dbContext.ChangeTracker;
        var autoDetect = changeTracker.AutoDetectChangesEnabled;
        changeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return dbContext.Set<ScheduledMessage>().Local.FindEntry(tokenId);
        }
        finally
        {
            changeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }
}
