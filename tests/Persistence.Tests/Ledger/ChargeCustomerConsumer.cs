using MassTransit;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests.Ledger;

/// <summary>
/// Records a charge and publishes <see cref="ChargeRecorded"/>. It is deliberately not idempotent on its own, so every
/// duplicate the inbox lets through shows up as a second charge. Tests can make it crash after it has published.
/// </summary>
public sealed class ChargeCustomerConsumer(LedgerDbContext db, CrashPlan crashes, ContentionGate contention) : IConsumer<ChargeCustomer>
{
    public async Task Consume(ConsumeContext<ChargeCustomer> context)
    {
        // Holds this (first) copy inside its inbox transaction while the test's concurrent copies catch up.
        await contention.WaitForContenders(context.CancellationToken);

        var message = context.Message;
        var charge = new Charge { Id = NewId.NextGuid(), AccountId = message.AccountId, Amount = message.Amount, Reference = message.Reference };
        db.Charges.Add(charge);
        await context.Publish(new ChargeRecorded(charge.Id, charge.AccountId, charge.Amount, charge.Reference));

        crashes.CrashIfArmed(CrashPoint.InConsumer);

        await db.SaveChangesAsync(context.CancellationToken);
    }
}
