using MassTransit;
using Saga.Persistence.Dialects;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests;

/// <summary>
/// What one consumed message's transaction sends to the database: the inbox claim, the consumer's work, the outbox and
/// schedule rows and the commit, with no statement the transaction does not need.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class ConsumeTransactionTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    protected override void ConfigureHost(LedgerTestHostOptions options) => options.Scheduler = _ => { };

    [Test]
    public async Task A_consume_saves_its_changes_without_savepoints()
    {
        // The consumer saves once itself and the outbox saves again before the commit: two saves inside one transaction.
        await Consume(new ChargeCustomer("ACC-7001", 10m, "INV-70"));

        var transaction = ConsumeTransaction();
        Assert.Multiple(() =>
        {
            Assert.That(transaction, Has.Some.Contain("charges"), "the consumer's work was saved in the transaction");
            Assert.That(transaction, Has.None.EqualTo(StatementLog.Savepoint), "savepoints");
        });
    }

    [Test]
    public async Task A_schedule_under_a_token_made_up_for_it_is_inserted_without_looking_for_an_earlier_one()
    {
        await Consume(new IssueInvoice("ACC-7002", 25m, "INV-71", Guid.Empty, TimeSpan.FromHours(1)));

        var transaction = ConsumeTransaction();
        var schedules = await Host.Schedules();
        Assert.Multiple(() =>
        {
            Assert.That(schedules, Has.Count.EqualTo(1), "schedules stored");
            Assert.That(schedules.Single().TokenId, Is.Not.EqualTo(Guid.Empty), "token made up");
            Assert.That(transaction, Has.Some.Contain("INSERT").And.Contain("scheduled_messages"), "the schedule was inserted in the transaction");
            Assert.That(transaction.Where(x => x.Contains("SELECT", StringComparison.OrdinalIgnoreCase) && x.Contains("scheduled_messages")),
                Is.Empty, "schedule lookups");
        });
    }

    async Task Consume<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Host.Publish(message, messageId);
        await Eventually.Until(() => Host.Consumed.Acknowledged<T>(messageId) == 1 || Host.Consumed.Faults.Count > 0, $"{typeof(T).Name} was consumed");
        Assert.That(Host.Consumed.Faults, Is.Empty, "faulted deliveries");
    }

    /// <summary>Everything the one consume transaction that claimed an inbox row sent, in order.</summary>
    IReadOnlyList<string> ConsumeTransaction() =>
        Host.Statements.TransactionsWith(x => x.Contains("INSERT", StringComparison.OrdinalIgnoreCase) && x.Contains("inbox_messages")).Single();
}
