using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Payment.Data;
using Saga.Participants.Payment.FraudRules;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Payment;

/// <summary>
/// The fraud check the payment participant runs: the rule decides once per order, the decision is recorded, and every
/// repeat of the command, however many arrive at once, is answered with it.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public class CheckFraudTests(DatabaseProvider database) : ParticipantTestBase
{
    private const string _blocked = "CUST-BLOCKED";
    private const string _customer = "CUST-1001";

    protected override ParticipantsTestHostOptions HostOptions { get; } = new()
    {
        Database = database,
        ConcurrentMessageLimit = 10,
        FraudCheck = new FraudCheckOptions { BlockedCustomers = [_blocked], MaxOrderAmount = 1_000m },
    };

    [Test]
    public async Task Passes_an_order_within_the_rule_and_records_the_decision()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new CheckFraud(orderId, _customer, 999.99m, "EUR"));

        var passed = await Host.Published<FraudCheckPassed>(m => m.OrderId == orderId);
        var check = await Decision(orderId);
        Assert.Multiple(() =>
        {
            Assert.That(passed.CheckId, Is.Not.EqualTo(Guid.Empty));
            Assert.That(check.CheckId, Is.EqualTo(passed.CheckId));
            Assert.That(check.Passed, Is.True);
            Assert.That(check.Reason, Is.Null);
        });
    }

    [Test]
    public async Task Fails_an_order_of_a_blocked_customer()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new CheckFraud(orderId, _blocked, 10m, "EUR"));

        var failed = await Host.Published<FraudCheckFailed>(m => m.OrderId == orderId);
        var check = await Decision(orderId);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Reason, Is.EqualTo($"customer {_blocked} is blocked"));
            Assert.That(check.Passed, Is.False);
            Assert.That(check.Reason, Is.EqualTo(failed.Reason));
        });
    }

    [Test]
    public async Task Fails_an_order_above_the_maximum_amount()
    {
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new CheckFraud(orderId, _customer, 1_000.01m, "EUR"));

        var failed = await Host.Published<FraudCheckFailed>(m => m.OrderId == orderId);
        Assert.That(failed.Reason, Is.EqualTo("amount 1000.01 EUR is above the limit of 1000.00"));
    }

    [Test]
    public async Task A_repeated_command_is_answered_with_the_recorded_decision()
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Payment, new CheckFraud(orderId, _customer, 10m, "EUR"));
        var first = await Host.Published<FraudCheckPassed>(m => m.OrderId == orderId);

        // The same order again, now over the limit: the recorded decision stands.
        await Host.Send(QueueNames.Payment, new CheckFraud(orderId, _customer, 5_000m, "EUR"));

        var answers = await Host.Published<FraudCheckPassed>(m => m.OrderId == orderId, 2);
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.CheckId), Is.All.EqualTo(first.CheckId));
            Assert.That(Host.PublishedSoFar<FraudCheckFailed>(m => m.OrderId == orderId), Is.Empty);
        });
    }

    [Test]
    public async Task Copies_delivered_at_once_record_one_decision_and_all_get_it()
    {
        var orderId = Guid.NewGuid();
        var copies = Enumerable.Range(0, 10).Select(_ => new CheckFraud(orderId, _blocked, 10m, "EUR")).ToList();

        await Host.SendConcurrently(QueueNames.Payment, copies);

        var answers = await Host.Published<FraudCheckFailed>(m => m.OrderId == orderId, copies.Count);
        var rows = await Host.Query<PaymentDbContext, int>(db => db.FraudChecks.CountAsync(c => c.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(1));
            Assert.That(answers.Select(a => a.Reason).Distinct(), Has.Exactly(1).Items);
        });
    }

    private Task<FraudCheck> Decision(Guid orderId) =>
        Host.Query<PaymentDbContext, FraudCheck>(db => db.FraudChecks.AsNoTracking().SingleAsync(c => c.OrderId == orderId));
}
