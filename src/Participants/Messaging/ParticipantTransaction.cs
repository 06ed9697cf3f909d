using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saga.Participants.Messaging;

/// <summary>
/// The one database transaction a consumer's changes commit in. Normally that is the transactional inbox's, which already
/// wraps the consumer and commits its replies with its changes: then this joins it and commits nothing. With the outbox off
/// (<c>Participants:{Name}:Outbox:Enabled</c>, the benchmark baseline) there is none, and this opens one, so that a
/// conditional update and the rows written with it still commit or roll back together.
/// </summary>
public sealed class ParticipantTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _owned;

    private ParticipantTransaction(IDbContextTransaction? owned)
    {
        _owned = owned;
    }

    public static async Task<ParticipantTransaction> BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        return new ParticipantTransaction(db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null);
    }

    /// <summary>Commits a transaction of its own; a joined one is committed by its owner after the consumer returns.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => _owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Rolls back a transaction of its own that was not committed.</summary>
    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
