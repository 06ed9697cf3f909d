using MassTransit;
using Saga.Persistence.Dialects;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests;

/// <summary>
/// The inbox claim trusts only the two answers it can give: no row (consumed before: acknowledge) and one row (claimed:
/// run the consumer). Any other count — SQL Server with NOCOUNT on reports -1 — is an error, never a duplicate.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class InboxClaimTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    [TestCase(-1)]
    [TestCase(2)]
    public async Task A_claim_reporting_neither_zero_nor_one_row_faults_the_message_instead_of_acknowledging_it_unrun(int rows)
    {
        Host.InboxClaimRowCount.Report(rows);
        var messageId = NewId.NextGuid();

        await Host.Publish(new ChargeCustomer("ACC-6001", 10m, "INV-60"), messageId);
        await Eventually.Until(() => Host.Consumed.Faults.Count > 0 || Host.Consumed.Acknowledged<ChargeCustomer>(messageId) > 0,
            "the message was faulted or acknowledged");

        Assert.Multiple(async () =>
        {
            Assert.That(Host.Consumed.Acknowledged<ChargeCustomer>(messageId), Is.Zero, "acknowledged");
            Assert.That(Host.Consumed.Faults.Select(x => x.Fault!.Message), Has.Some.Contain($"reported {rows} rows instead of 0 or 1"), "faults");
            Assert.That(await Host.Snapshot(), Is.EqualTo(LedgerSnapshot.Empty), "nothing of the attempt stays");
        });
    }
}
