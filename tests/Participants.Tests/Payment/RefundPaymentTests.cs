using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Payment.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Tests.Infrastructure;

namespace Saga.Participants.Tests.Payment;

public class RefundPaymentTests : ParticipantTestBase
{
    private const string _customer = ParticipantSeedData.WellFundedCustomerId;

    [Test]
    public async Task Returns_the_credit_and_records_a_refund()
    {
        var (orderId, paymentId) = await Pay(300m);

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, paymentId));

        var refunded = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);
        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        var ledger = await Host.Query<PaymentDbContext, List<LedgerEntry>>(
            db => db.LedgerEntries.Where(e => e.OrderId == orderId && e.Kind == LedgerEntryKind.Refund).ToListAsync());
        var record = await Host.Query<PaymentDbContext, PaymentRecord>(db => db.PaymentRecords.SingleAsync(r => r.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(refunded.PaymentId, Is.EqualTo(paymentId));
            Assert.That(refunded.Amount, Is.EqualTo(300m));
            Assert.That(account.Used, Is.Zero);
            Assert.That(ledger, Has.Count.EqualTo(1));
            Assert.That(ledger.Single().Amount, Is.EqualTo(300m));
            Assert.That(record.Status, Is.EqualTo(PaymentStatus.Refunded));
            Assert.That(record.RefundedAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task A_repeated_refund_replies_again_and_refunds_only_once()
    {
        var (orderId, paymentId) = await Pay(120m);
        await Pay(30m);

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, paymentId));
        await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, paymentId));
        var replies = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId, 2);

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        var refunds = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Refund));

        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.Amount), Is.All.EqualTo(120m));
            Assert.That(account.Used, Is.EqualTo(30m), "only the other order's charge is left");
            Assert.That(refunds, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Concurrent_refunds_of_one_payment_refund_only_once()
    {
        var (orderId, paymentId) = await Pay(75m);

        await Host.SendConcurrently(QueueNames.Payment, Enumerable.Repeat(new RefundPayment(orderId, paymentId), 5).ToList());

        var replies = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId, 5);
        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        var refunds = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Refund));

        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.Amount), Is.All.EqualTo(75m));
            Assert.That(account.Used, Is.Zero);
            Assert.That(refunds, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Refunding_a_declined_payment_replies_zero_and_changes_nothing()
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, ParticipantSeedData.LowCreditCustomerId, 500m, "EUR"));
        await Host.Published<PaymentDeclined>(m => m.OrderId == orderId);
        var paymentId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, paymentId));

        var refunded = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);
        var record = await Host.Query<PaymentDbContext, PaymentRecord>(db => db.PaymentRecords.SingleAsync(r => r.OrderId == orderId));
        var ledgerCount = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync());

        Assert.Multiple(() =>
        {
            Assert.That(refunded.Amount, Is.Zero);
            Assert.That(refunded.PaymentId, Is.EqualTo(paymentId));
            Assert.That(record.Status, Is.EqualTo(PaymentStatus.Declined));
            Assert.That(ledgerCount, Is.Zero);
        });
    }

    [Test]
    public async Task Refunding_an_order_that_was_never_paid_replies_zero_and_stores_only_a_void()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, Guid.NewGuid()));

        var refunded = await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);
        var records = await Host.Query<PaymentDbContext, List<PaymentRecord>>(db => db.PaymentRecords.ToListAsync());
        var ledgerCount = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(refunded.Amount, Is.Zero);
            Assert.That(records.Select(r => (r.OrderId, r.Status)), Is.EqualTo(new[] { (orderId, PaymentStatus.Voided) }));
            Assert.That(ledgerCount, Is.Zero);
        });
    }

    [Test]
    public async Task Refunding_with_another_payment_id_faults_and_changes_nothing()
    {
        var (orderId, _) = await Pay(60m);

        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, Guid.NewGuid()));

        var fault = await Host.Published<Fault<RefundPayment>>(m => m.Message.OrderId == orderId);
        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        Assert.Multiple(() =>
        {
            Assert.That(fault.Exceptions.Select(e => e.ExceptionType), Has.Some.EqualTo(typeof(InvalidOperationException).FullName));
            Assert.That(account.Used, Is.EqualTo(60m));
            Assert.That(Host.PublishedSoFar<PaymentRefunded>(m => m.OrderId == orderId), Is.Empty);
        });
    }

    private async Task<(Guid OrderId, Guid PaymentId)> Pay(decimal amount)
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, _customer, amount, "EUR"));
        var processed = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);
        return (orderId, processed.PaymentId);
    }
}
