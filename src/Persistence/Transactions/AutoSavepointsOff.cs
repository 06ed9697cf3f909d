using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Transactions;

/// <summary>
/// Turns off EF Core's automatic savepoints for a transaction we own, and back to what they were when disposed. Inside an
/// explicit transaction EF Core wraps every <c>SaveChanges</c> in <c>SAVEPOINT</c> / <c>RELEASE SAVEPOINT</c> (two more
/// round trips, and on PostgreSQL a subtransaction with an xid of its own) so that a failed save could be retried in the
/// same transaction. Ours never continue after a failed save: any failure rolls the whole transaction back, and the
/// attempt is run again on a clean context. Code that does continue after a failed save takes a savepoint itself.
/// </summary>
public readonly struct AutoSavepointsOff : IDisposable
{
    readonly DbContext? _dbContext;
    readonly bool _previous;

    AutoSavepointsOff(DbContext dbContext)
    {
        _dbContext = dbContext;
        _previous = dbContext.Database.AutoSavepointsEnabled;
        dbContext.Database.AutoSavepointsEnabled = false;
    }

    public static AutoSavepointsOff For(DbContext dbContext) => new(dbContext);

    public void Dispose()
    {
        if (_dbContext is not null)
            _dbContext.Database.AutoSavepointsEnabled = _previous;
    }
}
