using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests;

/// <summary>
/// The bus outbox: outside a consumer, what a scope publishes leaves with the scope's own <c>SaveChanges</c> (or with
/// the commit of the caller's transaction), and is dropped with everything else when the scope never saves.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public sealed class BusOutboxTests(DatabaseProvider provider) : LedgerTestFixture(provider)
{
    protected override void ConfigureHost(LedgerTestHostOptions options) => options.UseBusOutbox = true;

    [Test]
    public async Task What_a_scope_publishes_is_delivered_after_its_SaveChanges()
    {
        var messageId = NewId.NextGuid();
        LedgerSnapshot beforeSave;
        ChargeRecorded recorded;

        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            var charge = NewCharge("INV-20");
            recorded = new ChargeRecorded(charge.Id, charge.AccountId, charge.Amount, charge.Reference);
            db.Charges.Add(charge);
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(recorded, context => context.MessageId = messageId);

            beforeSave = await Host.Snapshot();
            await db.SaveChangesAsync();
        }

        await Host.WaitForDelivery(sends: 1);

        Assert.Multiple(() =>
        {
            Assert.That(beforeSave, Is.EqualTo(LedgerSnapshot.Empty), "before SaveChanges");
            // Only the outbox sends through the test broker: a publish that bypassed it would not be here.
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(new[] { messageId }), "sent");
        });
        Assert.That(await Host.Snapshot(), Is.EqualTo(new LedgerSnapshot(Charges: 1, InboxRows: 0, OutboxMessages: 1, OutboxBatches: 0, Sent: 1)));
        await Eventually.Until(() => Host.Consumed.Messages<ChargeRecorded>().Count > 0, "ChargeRecorded arrived");
        Assert.That(Host.Consumed.Messages<ChargeRecorded>(), Is.EqualTo(new[] { recorded }));
    }

    [Test]
    public async Task What_a_scope_publishes_without_saving_is_neither_stored_nor_delivered()
    {
        var droppedId = NewId.NextGuid();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var charge = NewCharge("INV-21");
            scope.ServiceProvider.GetRequiredService<LedgerDbContext>().Charges.Add(charge);
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>()
                .Publish(new ChargeRecorded(charge.Id, charge.AccountId, charge.Amount, charge.Reference), context => context.MessageId = droppedId);
        }

        // A later scope that does save: once its message left, the delivery loop has run since the first scope ended.
        var savedId = NewId.NextGuid();
        await using (var scope = Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            var charge = NewCharge("INV-22");
            db.Charges.Add(charge);
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>()
                .Publish(new ChargeRecorded(charge.Id, charge.AccountId, charge.Amount, charge.Reference), context => context.MessageId = savedId);
            await db.SaveChangesAsync();
        }

        await Host.WaitForDelivery(sends: 1);

        var stored = await Host.OutboxMessages();
        var charges = await Host.Query(db => db.Charges.Select(x => x.Reference).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(new[] { savedId }), "sent");
            Assert.That(stored.Select(x => x.MessageId), Is.EqualTo(new[] { savedId }), "stored messages");
            Assert.That(charges, Is.EqualTo(new[] { "INV-22" }), "stored charges");
        });
    }

    [Test]
    public async Task What_a_scope_publishes_in_its_own_transaction_leaves_with_the_commit_and_not_with_a_rollback()
    {
        var rolledBackId = NewId.NextGuid();
        var committedId = NewId.NextGuid();
        foreach (var (messageId, commit) in new[] { (rolledBackId, false), (committedId, true) })
        {
            await using var scope = Host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var charge = NewCharge(commit ? "INV-COMMITTED" : "INV-ROLLED-BACK");
            db.Charges.Add(charge);
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>()
                .Publish(new ChargeRecorded(charge.Id, charge.AccountId, charge.Amount, charge.Reference), context => context.MessageId = messageId);
            await db.SaveChangesAsync();
            if (commit)
                await transaction.CommitAsync();
            else
                await transaction.RollbackAsync();
        }

        await Host.WaitForDelivery(sends: 1);

        var stored = await Host.Query(db => db.Set<OutboxMessage>().Select(x => x.MessageId).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(Host.Broker.Sent.Select(x => x.MessageId), Is.EqualTo(new[] { committedId }), "sent");
            Assert.That(stored, Is.EqualTo(new[] { committedId }), "stored messages");
        });
    }

    static Charge NewCharge(string reference) => new() { Id = NewId.NextGuid(), AccountId = "ACC-2001", Amount = 7.25m, Reference = reference };
}
