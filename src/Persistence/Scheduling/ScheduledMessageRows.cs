using Microsoft.EntityFrameworkCore;

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
        var tracked = dbContext.Set<ScheduledMessage>().Local.FindEntry(tokenId);
        if (tracked is not null)
            dbContext.Remove(tracked.Entity);
        else
            await dbContext.Set<ScheduledMessage>().Where(x => x.TokenId == tokenId).ExecuteDeleteAsync(cancellationToken);
    }
}
