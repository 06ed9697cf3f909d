using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Messaging;

/// <summary>
/// The benchmark baseline's participants: <c>Participants:{Name}:Outbox:Enabled=false</c>, so no inbox recognises a
/// repeated message. Copies of one command consumed at once on PostgreSQL race for the same rows; each copy's conditional
/// updates and its record must commit or roll back together (<see cref="Messaging.ParticipantTransaction"/>), so that the
/// copy that loses the insert of the order's record leaves nothing behind, and its retry answers from the winner's record.
/// </summary>
public sealed class WithoutInboxTests : ParticipantTestBase
{
    private const int _copies = 20;
    private const string _sku = "SKU-TEST-NO-INBOX";

    protected override ParticipantsTestHostOptions HostOptions { get; } = new()
    {
        Database = DatabaseProvider.PostgreSql,
        ConcurrentMessageLimit = _copies,
        Settings = new Dictionary<string, string?>
        {
            ["Participants:Payment:Outbox:Enabled"] = "false",
            ["Participants:Inventory:Outbox:Enabled"] = "false",
            ["Participants:Shipping:Outbox:Enabled"] = "false",
        },
    };

    [Test]
    public async Task Concurrent_copies_of_one_reservation_reserve_its_units_once()
    {
        await Host.Arrange<InventoryDbContext>(db => db.StockItems.Add(new StockItem(_sku, "no inbox", 1000)));
        var orderId = Guid.NewGuid();

        await Host.SendConcurrently(QueueNames.Inventory, Enumerable.Range(0, _copies).Select(_ => new ReserveInventory(orderId, [new(_sku, 3, 1m)])).ToList());
        var replies = await Replies<InventoryReserved>(r => r.OrderId == orderId);

        var reserved = await Host.Query<InventoryDbContext, int>(db => db.StockItems.Where(s => s.Sku == _sku).Select(s => s.Reserved).SingleAsync());
        Assert.Multiple(() =>
        {
            Assert.That(reserved, Is.EqualTo(3), "the units of one reservation, not of every copy that got as far as its stock update");
            Assert.That(replies.Select(r => r.ReservationId).Distinct().Count(), Is.EqualTo(1), "every copy answered with the one reservation");
        });
    }

    [Test]
    public async Task Concurrent_copies_of_one_payment_charge_it_once()
    {
        var orderId = Guid.NewGuid();
        var usedBefore = await Used();

        await Host.SendConcurrently(QueueNames.Payment,
            Enumerable.Range(0, _copies).Select(_ => new ProcessPayment(orderId, ParticipantSeedData.WellFundedCustomerId, 10m, "EUR")).ToList());
        var replies = await Replies<PaymentProcessed>(r => r.OrderId == orderId);

        var charges = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync(e => e.OrderId == orderId));
        var usedAfter = await Used();
        Assert.Multiple(() =>
        {
            Assert.That(usedAfter - usedBefore, Is.EqualTo(10m), "the account charged once");
            Assert.That(charges, Is.EqualTo(1), "one ledger entry");
            Assert.That(replies.Select(r => r.PaymentId).Distinct().Count(), Is.EqualTo(1), "every copy answered with the one payment");
        });
    }

    /// <summary>
    /// Every matching reply published once the copies were consumed: the harness's listing waits until the bus has been
    /// inactive for a while (bounded by the test timeout), so a reply published twice would be counted twice.
    /// </summary>
    private async Task<List<T>> Replies<T>(Func<T, bool> match)
        where T : class
    {
        Assert.That(await Host.Harness.Published.Any<T>(x => match(x.Context.Message)), Is.True, $"a {typeof(T).Name} was published");
        var replies = Host.Harness.Published.Select<T>(x => match(x.Context.Message)).Select(x => x.Context.Message).ToList();
        Assert.That(replies, Has.Count.EqualTo(_copies), $"one {typeof(T).Name} per copy");
        return replies;
    }

    private Task<decimal> Used() =>
        Host.Query<PaymentDbContext, decimal>(db =>
            db.CustomerAccounts.Where(a => a.CustomerId == ParticipantSeedData.WellFundedCustomerId).Select(a => a.Used).SingleAsync());
}
