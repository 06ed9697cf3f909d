using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Payment.Data;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Payment;

/// <summary>
/// The orchestrator refunds a payment whose outcome it never learnt (RefundPayment without a payment id), and the
/// ProcessPayment it gave up on may still arrive afterwards, or at the same moment.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public class RefundBeforePaymentTests(DatabaseProvider database) : ParticipantTestBase
{
    private const string _customer = "CUST-TEST-VOID";

    protected override ParticipantsTestHostOptions HostOptions { get; } = new() { Database = database, ConcurrentMessageLimit = 40 };

    [SetUp]
    public Task OpenAccount() => Host.Arrange<PaymentDbContext>(db => db.CustomerAccounts.Add(new CustomerAccount(_customer, "EUR", 1_000m)));

    [Test]
    public async Task A_refund_before_the_payment_leaves_a_void_and_the_late_payment_is_declined_and_charges_nothing()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, null));
        var refunded = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);
        var mark = await Record(orderId);

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, _customer, 40m, "EUR"));
        var declined = await Host.Published<PaymentDeclined>(m => m.OrderId == orderId);

        var account = await Account();
        var ledger = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync(e => e.OrderId == orderId));
        var record = await Record(orderId);
        Assert.Multiple(() =>
        {
            Assert.That(refunded.PaymentId, Is.Null);
            Assert.That(refunded.Amount, Is.Zero);
            Assert.That(mark.Status, Is.EqualTo(PaymentStatus.Voided));
            Assert.That(declined.Reason, Is.EqualTo("the order was cancelled before the payment ran"));
            Assert.That(Host.PublishedSoFar<PaymentProcessed>(m => m.OrderId == orderId), Is.Empty);
            Assert.That(account.Used, Is.Zero);
            Assert.That(ledger, Is.Zero);
            Assert.That(record.Status, Is.EqualTo(PaymentStatus.Voided), "the late payment changed nothing");
            Assert.That(record.PaymentId, Is.EqualTo(mark.PaymentId));
        });
    }

    [Test]
    public async Task A_refund_before_the_payment_repeated_answers_the_same_and_leaves_one_void()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, null));
        await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, null));
        var replies = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId, 2);

        var records = await Host.Query<PaymentDbContext, List<PaymentStatus>>(
            db => db.PaymentRecords.Where(r => r.OrderId == orderId).Select(r => r.Status).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.All.EqualTo(new PaymentRefunded(orderId, null, 0m)));
            Assert.That(records, Is.EqualTo(new[] { PaymentStatus.Voided }));
        });
    }

    [Test]
    public async Task A_refund_without_a_payment_id_after_the_payment_refunds_it_and_names_the_payment()
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, _customer, 65.50m, "EUR"));
        var processed = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, null));
        var refunded = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);

        var account = await Account();
        var record = await Record(orderId);
        Assert.Multiple(() =>
        {
            Assert.That(refunded, Is.EqualTo(new PaymentRefunded(orderId, processed.PaymentId, 65.50m)));
            Assert.That(record.Status, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(account.Used, Is.Zero);
        });
    }

    [Test]
    public async Task A_refund_repeated_after_the_payment_answers_the_same_and_refunds_once()
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, _customer, 20m, "EUR"));
        var processed = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, null));
        await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, processed.PaymentId));
        var replies = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId, 2);

        var refunds = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync(e => e.OrderId == orderId && e.Kind == LedgerEntryKind.Refund));
        Assert.Multiple(() =>
        {
            Assert.That(replies, Is.All.EqualTo(new PaymentRefunded(orderId, processed.PaymentId, 20m)));
            Assert.That(refunds, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_payment_and_its_refund_racing_end_refunded_or_voided_and_never_charged()
    {
        const int orders = 20;
        var orderIds = Enumerable.Range(0, orders).Select(_ => Guid.NewGuid()).ToHashSet();

        // Each order's payment and refund are consumed at the same time, on separate connections.
        await Task.WhenAll(orderIds.SelectMany(id => new[]
        {
            Host.Send(QueueNames.Payment, new ProcessPayment(id, _customer, 10m, "EUR")),
            Host.Send(QueueNames.Payment, new RefundPayment(id, null)),
        }));
        var refunds = await Host.Published<PaymentRefunded>(m => orderIds.Contains(m.OrderId), orders);
        var outcomes = await Host.PublishedAny(
            m => m is PaymentProcessed p && orderIds.Contains(p.OrderId) || m is PaymentDeclined d && orderIds.Contains(d.OrderId), orders);

        var account = await Account();
        var records = await Host.Query<PaymentDbContext, List<PaymentRecord>>(db => db.PaymentRecords.Where(r => orderIds.Contains(r.OrderId)).ToListAsync());
        var ledger = await Host.Query<PaymentDbContext, List<LedgerEntry>>(db => db.LedgerEntries.Where(e => orderIds.Contains(e.OrderId)).ToListAsync());
        var paid = outcomes.OfType<PaymentProcessed>().ToDictionary(p => p.OrderId, p => p.PaymentId);
        Assert.Multiple(() =>
        {
            Assert.That(account.Used, Is.Zero, "every charge that happened was refunded");
            Assert.That(records, Has.Count.EqualTo(orders));
            Assert.That(records.Where(r => r.Status == PaymentStatus.Refunded).Select(r => r.OrderId), Is.EquivalentTo(paid.Keys));
            Assert.That(records.Where(r => r.Status == PaymentStatus.Voided).Select(r => r.OrderId),
                Is.EquivalentTo(outcomes.OfType<PaymentDeclined>().Select(d => d.OrderId)));
            Assert.That(outcomes.OfType<PaymentDeclined>().Select(d => d.Reason), Is.All.EqualTo(PaymentRecord.VoidedReason));
            Assert.That(refunds.Where(r => paid.ContainsKey(r.OrderId)).Select(r => (r.PaymentId, r.Amount)),
                Is.EquivalentTo(paid.Values.Select(id => ((Guid?)id, 10m))), "a refund after the payment names it");
            Assert.That(refunds.Where(r => !paid.ContainsKey(r.OrderId)).Select(r => r.Amount), Is.All.Zero);
            Assert.That(ledger.Count(e => e.Kind == LedgerEntryKind.Charge), Is.EqualTo(paid.Count));
            Assert.That(ledger.Count(e => e.Kind == LedgerEntryKind.Refund), Is.EqualTo(paid.Count));
        });
    }

    private Task<CustomerAccount> Account() =>
        Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.AsNoTracking().SingleAsync(a => a.CustomerId == _customer));

    private Task<PaymentRecord> Record(Guid orderId) =>
        Host.Query<PaymentDbContext, PaymentRecord>(db => db.PaymentRecords.AsNoTracking().SingleAsync(r => r.OrderId == orderId));
}
