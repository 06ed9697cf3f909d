using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests.Support;

/// <summary>Makes the <c>SaveChanges</c> that would store a new charge crash, when the <see cref="CrashPlan"/> says so.</summary>
public sealed class CrashingSaveChangesInterceptor(CrashPlan plan) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        CrashIfArmed(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        CrashIfArmed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void CrashIfArmed(DbContext? context)
    {
        // Only the ledger's consume transaction stores charges; the delivery loop's saves pass untouched.
        if (context is not null && context.ChangeTracker.Entries<Charge>().Any(x => x.State == EntityState.Added))
            plan.CrashIfArmed(CrashPoint.SaveChanges);
    }
}
