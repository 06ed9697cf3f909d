using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Sagas;

/// <summary>
/// Bumps the version token and the timestamps of a saga that is about to be written.
/// The version is the optimistic concurrency token: the UPDATE matches only the version that was read.
/// </summary>
internal static class SagaChangeStamper
{
    public static void Stamp<TSaga>(DbContext dbContext, TSaga saga, DateTime now)
        where TSaga : class, ISaga
    {
        var entry = dbContext.Entry(saga);
        switch (entry.State)
        {
            case EntityState.Added:
                if (saga is ISagaVersion added)
                    added.Version = 1;
                if (saga is ITimestampedSaga created)
                {
                    created.CreatedAt = now;
                    created.UpdatedAt = now;
                }

                break;
            case EntityState.Modified:
                if (saga is ISagaVersion modified)
                    modified.Version++;
                if (saga is ITimestampedSaga updated)
                    updated.UpdatedAt = now;
                break;
        }
    }
}
