using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Payment.Data;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Payment;

/// <summary>
/// Many orders of one customer charge and refund the same account row at once. Each message is consumed in its own
/// transaction on its own connection, 50 at a time: on PostgreSQL they really do race for the row.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public class HotAccountTests(DatabaseProvider database) : ParticipantTestBase
{
    private const int _orders = 50;
    private const string _customer = "CUST-TEST-HOT";

    protected override ParticipantsTestHostOptions HostOptions { get; } = new() { Database = database, ConcurrentMessageLimit = _orders };

    [Test]
    public async Task Fifty_concurrent_charges_with_enough_credit_all_succeed_and_use_their_sum()
    {
        await OpenAccount(creditLimit: 10_000m);
        var orderIds = NewOrders();

        await Host.SendConcurrently(QueueNames.Payment, orderIds.Select(id => new ProcessPayment(id, _customer, 12.34m, "EUR")).ToList());
        var outcomes = await Outcomes(orderIds);

        var account = await Account();
        var charges = await Host.Query<PaymentDbContext, List<decimal>>(
            db => db.LedgerEntries.Where(e => e.CustomerId == _customer && e.Kind == LedgerEntryKind.Charge).Select(e => e.Amount).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.OfType<PaymentDeclined>().Select(d => d.Reason), Is.Empty);
            Assert.That(outcomes.OfType<PaymentProcessed>().Count(), Is.EqualTo(_orders));
            Assert.That(account.Used, Is.EqualTo(_orders * 12.34m));
            Assert.That(charges, Has.Count.EqualTo(_orders));
            Assert.That(charges.Sum(), Is.EqualTo(account.Used));
        });
    }

    [Test]
    public async Task With_credit_for_thirty_of_fifty_concurrent_charges_exactly_thirty_succeed_and_the_ledger_matches()
    {
        await OpenAccount(creditLimit: 300m);
        var orderIds = NewOrders();

        await Host.SendConcurrently(QueueNames.Payment, orderIds.Select(id => new ProcessPayment(id, _customer, 10m, "EUR")).ToList());
        var outcomes = await Outcomes(orderIds);

        var account = await Account();
        var charged = await Host.Query<PaymentDbContext, List<Guid>>(
            db => db.LedgerEntries.Where(e => e.CustomerId == _customer && e.Kind == LedgerEntryKind.Charge).Select(e => e.OrderId).ToListAsync());
        var processed = outcomes.OfType<PaymentProcessed>().Select(p => p.OrderId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(processed, Has.Count.EqualTo(30));
            Assert.That(outcomes.OfType<PaymentDeclined>().Select(d => d.Reason).ToList(), Has.Count.EqualTo(20).And.All.StartsWith("insufficient credit"));
            Assert.That(account.Used, Is.EqualTo(300m));
            Assert.That(charged, Is.EquivalentTo(processed), "one charge in the ledger for each processed payment, and no other");
        });
    }

    [Test]
    public async Task Fifty_concurrent_refunds_on_one_account_give_back_all_the_credit()
    {
        await OpenAccount(creditLimit: 500m);
        var orderIds = NewOrders();
        await Host.SendConcurrently(QueueNames.Payment, orderIds.Select(id => new ProcessPayment(id, _customer, 10m, "EUR")).ToList());
        var payments = (await Outcomes(orderIds)).OfType<PaymentProcessed>().ToList();
        Assert.That(payments, Has.Count.EqualTo(_orders), "every order was paid");

        await Host.SendConcurrently(QueueNames.Payment, payments.Select(p => new RefundPayment(p.OrderId, p.PaymentId)).ToList());
        var refunds = await Host.Published<PaymentRefunded>(r => orderIds.Contains(r.OrderId), _orders);

        var account = await Account();
        var refunded = await Host.Query<PaymentDbContext, int>(
            db => db.LedgerEntries.CountAsync(e => e.CustomerId == _customer && e.Kind == LedgerEntryKind.Refund));
        Assert.Multiple(() =>
        {
            Assert.That(refunds.Select(r => r.Amount), Is.All.EqualTo(10m));
            Assert.That(account.Used, Is.Zero);
            Assert.That(refunded, Is.EqualTo(_orders));
        });
    }

    private static HashSet<Guid> NewOrders() => Enumerable.Range(0, _orders).Select(_ => Guid.NewGuid()).ToHashSet();

    private Task OpenAccount(decimal creditLimit) =>
        Host.Arrange<PaymentDbContext>(db => db.CustomerAccounts.Add(new CustomerAccount(_customer, "EUR", creditLimit)));

    private Task<CustomerAccount> Account() =>
        Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.AsNoTracking().SingleAsync(a => a.CustomerId == _customer));

    private Task<IReadOnlyList<object>> Outcomes(HashSet<Guid> orderIds) =>
        Host.PublishedAny(
            m => m is PaymentProcessed p && orderIds.Contains(p.OrderId) || m is PaymentDeclined d && orderIds.Contains(d.OrderId),
            orderIds.Count);
}
