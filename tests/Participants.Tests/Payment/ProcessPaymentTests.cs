using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Payment.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Tests.Infrastructure;

namespace Saga.Participants.Tests.Payment;

public class ProcessPaymentTests : ParticipantTestBase
{
    private const string _customer = ParticipantSeedData.WellFundedCustomerId;

    [Test]
    public async Task Charges_the_account_and_records_the_payment()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, _customer, 149.90m, "EUR"));

        var processed = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);
        Assert.That(processed.PaymentId, Is.Not.EqualTo(Guid.Empty));
        Assert.That(processed.Amount, Is.EqualTo(149.90m));
        Assert.That(processed.Currency, Is.EqualTo("EUR"));

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        var ledger = await Host.Query<PaymentDbContext, List<LedgerEntry>>(db => db.LedgerEntries.Where(e => e.OrderId == orderId).ToListAsync());
        var record = await Host.Query<PaymentDbContext, PaymentRecord>(db => db.PaymentRecords.SingleAsync(r => r.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(account.Used, Is.EqualTo(149.90m));
            Assert.That(account.AvailableCredit, Is.EqualTo(10_000m - 149.90m));
            Assert.That(ledger, Has.Count.EqualTo(1));
            Assert.That(ledger[0].Kind, Is.EqualTo(LedgerEntryKind.Charge));
            Assert.That(ledger[0].Amount, Is.EqualTo(149.90m));
            Assert.That(ledger[0].CustomerId, Is.EqualTo(_customer));
            Assert.That(record.Status, Is.EqualTo(PaymentStatus.Processed));
            Assert.That(record.PaymentId, Is.EqualTo(processed.PaymentId));
        });
    }

    [Test]
    public async Task A_free_order_is_processed_without_using_credit()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, ParticipantSeedData.LowCreditCustomerId, 0m, "EUR"));

        var processed = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);
        var account = await Host.Query<PaymentDbContext, CustomerAccount>(
            db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == ParticipantSeedData.LowCreditCustomerId));
        Assert.Multiple(() =>
        {
            Assert.That(processed.Amount, Is.Zero);
            Assert.That(account.Used, Is.Zero);
        });
    }

    [Test]
    public async Task Declines_an_amount_above_the_available_credit_and_charges_nothing()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, ParticipantSeedData.LowCreditCustomerId, 129.00m, "EUR"));

        var declined = await Host.Published<PaymentDeclined>(m => m.OrderId == orderId);
        Assert.That(declined.Reason, Does.Contain("50.00 EUR available"));

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(
            db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == ParticipantSeedData.LowCreditCustomerId));
        var record = await Host.Query<PaymentDbContext, PaymentRecord>(db => db.PaymentRecords.SingleAsync(r => r.OrderId == orderId));
        var ledgerCount = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync());

        Assert.Multiple(() =>
        {
            Assert.That(account.Used, Is.Zero);
            Assert.That(ledgerCount, Is.Zero);
            Assert.That(record.Status, Is.EqualTo(PaymentStatus.Declined));
            Assert.That(record.DeclineReason, Is.EqualTo(declined.Reason));
        });
    }

    [Test]
    public async Task Accepts_an_amount_that_uses_exactly_the_available_credit()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, ParticipantSeedData.LowCreditCustomerId, 50.00m, "EUR"));

        await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);
        var account = await Host.Query<PaymentDbContext, CustomerAccount>(
            db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == ParticipantSeedData.LowCreditCustomerId));
        Assert.That(account.AvailableCredit, Is.Zero);
    }

    [Test]
    public async Task Declines_an_unknown_customer()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, ParticipantSeedData.UnknownCustomerId, 10m, "EUR"));

        var declined = await Host.Published<PaymentDeclined>(m => m.OrderId == orderId);
        Assert.That(declined.Reason, Is.EqualTo($"unknown customer {ParticipantSeedData.UnknownCustomerId}"));

        var record = await Host.Query<PaymentDbContext, PaymentRecord>(db => db.PaymentRecords.SingleAsync(r => r.OrderId == orderId));
        Assert.That(record.Status, Is.EqualTo(PaymentStatus.Declined));
    }

    [Test]
    public async Task Declines_a_currency_other_than_the_accounts()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, _customer, 10m, "USD"));

        var declined = await Host.Published<PaymentDeclined>(m => m.OrderId == orderId);
        Assert.That(declined.Reason, Does.Contain("USD").And.Contain("EUR"));

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        Assert.That(account.Used, Is.Zero);
    }

    [Test]
    public async Task Charges_an_account_whose_currency_differs_only_in_letter_case_and_records_the_accounts_currency()
    {
        const string customer = "CUST-TEST-LOWER";
        await Host.Arrange<PaymentDbContext>(db => db.CustomerAccounts.Add(new CustomerAccount(customer, "eur", 100m)));
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, customer, 10m, "EUR"));

        var processed = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);
        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == customer));
        var ledger = await Host.Query<PaymentDbContext, LedgerEntry>(db => db.LedgerEntries.SingleAsync(e => e.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(processed.Currency, Is.EqualTo("eur"));
            Assert.That(account.Used, Is.EqualTo(10m));
            Assert.That(ledger.Currency, Is.EqualTo("eur"));
        });
    }

    [Test]
    public async Task Declines_a_negative_amount_without_storing_anything()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, _customer, -5m, "EUR"));

        var declined = await Host.Published<PaymentDeclined>(m => m.OrderId == orderId);
        Assert.That(declined.Reason, Does.Contain("must not be negative"));

        var records = await Host.Query<PaymentDbContext, int>(db => db.PaymentRecords.CountAsync());
        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        Assert.Multiple(() =>
        {
            Assert.That(records, Is.Zero);
            Assert.That(account.Used, Is.Zero);
        });
    }

    [Test]
    public async Task A_repeated_command_changes_nothing_and_replies_the_same_payment()
    {
        var orderId = Guid.NewGuid();
        var command = new ProcessPayment(orderId, _customer, 80m, "EUR");

        await Host.Send(QueueNames.Payment, command);
        var first = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);

        await Host.Send(QueueNames.Payment, command);
        var replies = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId, 2);

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        var ledgerCount = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync(e => e.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.PaymentId), Is.All.EqualTo(first.PaymentId));
            Assert.That(account.Used, Is.EqualTo(80m));
            Assert.That(ledgerCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_repeated_declined_command_replies_the_same_decline_even_when_it_would_now_succeed()
    {
        const string customer = "CUST-TEST-LATE";
        var orderId = Guid.NewGuid();
        var command = new ProcessPayment(orderId, customer, 60m, "EUR");

        await Host.Send(QueueNames.Payment, command);
        var first = await Host.Published<PaymentDeclined>(m => m.OrderId == orderId);

        // The account exists now, but the order was already decided: the repeat must answer the same.
        await Host.Arrange<PaymentDbContext>(db => db.CustomerAccounts.Add(new CustomerAccount(customer, "EUR", 1_000m)));
        await Host.Send(QueueNames.Payment, command);
        var replies = await Host.Published<PaymentDeclined>(m => m.OrderId == orderId, 2);

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == customer));
        var processed = Host.PublishedSoFar<PaymentProcessed>(m => m.OrderId == orderId);
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.Reason), Is.All.EqualTo(first.Reason));
            Assert.That(processed, Is.Empty);
            Assert.That(account.Used, Is.Zero);
        });
    }

    [Test]
    public async Task A_refunded_payment_repeated_replies_processed_with_its_payment_and_charges_nothing()
    {
        var orderId = Guid.NewGuid();
        var command = new ProcessPayment(orderId, _customer, 25m, "EUR");

        await Host.Send(QueueNames.Payment, command);
        var processed = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);
        await Host.Send(QueueNames.Payment, new RefundPayment(orderId, processed.PaymentId));
        await Host.Published<PaymentRefunded>(m => m.OrderId == orderId);

        await Host.Send(QueueNames.Payment, command);
        var replies = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId, 2);

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.PaymentId), Is.All.EqualTo(processed.PaymentId));
            Assert.That(account.Used, Is.Zero);
        });
    }

    [Test]
    public async Task The_same_command_delivered_concurrently_charges_exactly_once()
    {
        const int copies = 8;
        var orderId = Guid.NewGuid();
        var command = new ProcessPayment(orderId, _customer, 42.50m, "EUR");

        await Host.SendConcurrently(QueueNames.Payment, Enumerable.Repeat(command, copies).ToList());

        var replies = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId, copies);

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == _customer));
        var ledger = await Host.Query<PaymentDbContext, List<LedgerEntry>>(db => db.LedgerEntries.Where(e => e.OrderId == orderId).ToListAsync());
        var records = await Host.Query<PaymentDbContext, int>(db => db.PaymentRecords.CountAsync(r => r.OrderId == orderId));

        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.PaymentId).Distinct().Count(), Is.EqualTo(1), "every copy replies the same payment");
            Assert.That(ledger, Has.Count.EqualTo(1));
            Assert.That(ledger.Single().Kind, Is.EqualTo(LedgerEntryKind.Charge));
            Assert.That(records, Is.EqualTo(1));
            Assert.That(account.Used, Is.EqualTo(42.50m));
        });
    }

    [Test]
    public async Task Concurrent_orders_of_one_customer_never_overspend_the_credit_limit()
    {
        const string customer = "CUST-TEST-100";
        await Host.Arrange<PaymentDbContext>(db => db.CustomerAccounts.Add(new CustomerAccount(customer, "EUR", 100m)));
        var orderIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToHashSet();

        await Host.SendConcurrently(QueueNames.Payment, orderIds.Select(id => new ProcessPayment(id, customer, 30m, "EUR")).ToList());

        var outcomes = await Host.PublishedAny(
            m => m is PaymentProcessed p && orderIds.Contains(p.OrderId) || m is PaymentDeclined d && orderIds.Contains(d.OrderId),
            orderIds.Count);

        var account = await Host.Query<PaymentDbContext, CustomerAccount>(db => db.CustomerAccounts.SingleAsync(a => a.CustomerId == customer));
        var charges = await Host.Query<PaymentDbContext, int>(db => db.LedgerEntries.CountAsync(e => e.CustomerId == customer));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.OfType<PaymentProcessed>().Count(), Is.EqualTo(3));
            Assert.That(outcomes.OfType<PaymentDeclined>().Count(), Is.EqualTo(2));
            Assert.That(account.Used, Is.EqualTo(90m));
            Assert.That(charges, Is.EqualTo(3));
        });
    }
}
