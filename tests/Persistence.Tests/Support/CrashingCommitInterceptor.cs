using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Makes the commit of a transaction that holds a charge crash before it reaches the database, when the
/// <see cref="CrashPlan"/> says so: the last moment at which a consume attempt can still fail as a whole.
/// </summary>
public sealed class CrashingCommitInterceptor(CrashPlan plan) : DbTransactionInterceptor
{
    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        CrashIfArmed(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        CrashIfArmed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void CrashIfArmed(DbContext? context)
    {
        // The delivery loop's transactions never track a charge.
        if (context is not null && context.ChangeTracker.Entries<Charge>().Any())
            plan.CrashIfArmed(CrashPoint.Commit);
    }
}
