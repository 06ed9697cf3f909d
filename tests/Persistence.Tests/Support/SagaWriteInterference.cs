using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Another writer that gets in once, right before the repository writes a chosen saga: armed with an action, it runs it
/// (on a connection of its own, committed at once) the first time a save of <typeparamref name="TSaga"/> with that id
/// begins in the given state, then disarms. So a race between two transactions happens exactly where it matters.
/// </summary>
public sealed class SagaWriteInterference<TSaga> : SaveChangesInterceptor
    where TSaga : class, MassTransit.ISaga
{
    readonly Lock _lock = new();
    (Guid Id, EntityState State, Func<Task> Write)? _armed;

    public int Interfered { get; private set; }

    public void Arm(Guid id, EntityState state, Func<Task> write)
    {
        lock (_lock)
            _armed = (id, state, write);
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Func<Task>? write = null;
        if (eventData.Context is { } context)
        {
            lock (_lock)
            {
                if (_armed is { } armed && context.ChangeTracker.Entries<TSaga>().Any(x => x.Entity.CorrelationId == armed.Id && x.State == armed.State))
                {
                    write = armed.Write;
                    _armed = null;
                    Interfered++;
                }
            }
        }

        if (write is not null)
            await write();
        return result;
    }
}
