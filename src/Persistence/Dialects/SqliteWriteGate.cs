using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
namespace Saga.Persistence.Dialects;

/// <summary>
/// Queues the write transactions of one process on one SQLite file in memory. SQLite lets one writer in at a time, and a
/// connection that finds the file locked retries after sleeping (Microsoft.Data.Sqlite waits 150 ms a try), which turns
/// every collision between a consumer and the delivery loop into a pause. Waiting on a semaphore instead hands the file
/// over as soon as it is free. Other processes on the same file still meet SQLite's own lock.
/// </summary>
internal static class SqliteWriteGate
{
    static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static async Task<IDisposable> EnterAsync(DbContext dbContext, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(dbContext.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }
}
