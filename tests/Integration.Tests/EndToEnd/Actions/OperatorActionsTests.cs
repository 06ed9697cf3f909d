using Microsoft.Extensions.Logging.Abstractions;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Operations.Actions;
using Saga.Participants.Configuration;

namespace Saga.Integration.Tests.EndToEnd.Actions;

/// <summary>
/// <see cref="OperatorActions"/> against the running services, as the operator console calls them: only the payment
/// participant runs, so an order waits for its reservation after being charged, where a cancellation is accepted. Each
/// action is recorded in the orchestrator database's operator_actions with its outcome.
/// </summary>
[NonParallelizable]
public sealed class OperatorActionsTests
{
    SagaSystem _system = null!;
    OperatorActions _actions = null!;
    OperatorActionLog _log = null!;

    static CancellationToken Cancellation => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);
        await _system.StartParticipantsAsync(only: ParticipantKind.Payment);
        var settings = OperatorSystemSettings.For(_system);
        _actions = new OperatorActions(settings, TimeProvider.System, NullLogger<OperatorActions>.Instance);
        _log = new OperatorActionLog(settings, TimeProvider.System);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _system.DisposeAsync();

    [Test]
    public async Task A_cancellation_of_an_order_in_flight_is_accepted_recorded_and_the_order_ends_compensated()
    {
        var order = TestOrders.Valid();
        await _system.Submit(order);
        await _system.WaitForState(order.OrderId, "AwaitingInventory");

        var outcome = await _actions.CancelAsync(order.OrderId, "customer called", "alice", Cancellation);

        Assert.That(outcome, Is.EqualTo(new ActionOutcome(true, $"order {order.OrderId} is being cancelled and compensated")));
        Assert.That(outcome.Outcome, Is.EqualTo(ActionOutcomes.Accepted));
        var record = await RecordFor(order.OrderId.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(record.Operator, Is.EqualTo("alice"));
            Assert.That(record.Action, Is.EqualTo(ActionNames.Cancel));
            Assert.That(record.Outcome, Is.EqualTo(ActionOutcomes.Accepted));
            Assert.That(record.Detail, Is.EqualTo(outcome.Summary));
            Assert.That(record.OccurredAt, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
        // The reservation in flight is released first; the test answers for the inventory participant, which does not run.
        await _system.Client.Publish(new InventoryReleased(order.OrderId, null));
        var saga = await _system.WaitForOutcome(order.OrderId);
        Assert.That(saga.CurrentState, Is.EqualTo("Compensated"));
        Assert.That(saga.FailureReason, Is.EqualTo("cancelled: customer called"));
    }

    [Test]
    public async Task A_cancellation_of_an_unknown_order_is_refused_with_the_orchestrators_reason_and_recorded()
    {
        var orderId = Guid.NewGuid();

        var outcome = await _actions.CancelAsync(orderId, "customer called", "bob", Cancellation);

        Assert.That(outcome, Is.EqualTo(new ActionOutcome(false, "unknown order")));
        Assert.That(outcome.Outcome, Is.EqualTo(ActionOutcomes.Refused));
        var record = await RecordFor(orderId.ToString());
        Assert.That(record with { Id = 0, OccurredAt = default }, Is.EqualTo(
            new OperatorActionRecord(0, default, "bob", ActionNames.Cancel, orderId.ToString(), ActionOutcomes.Refused, "unknown order")));
    }

    [Test]
    public async Task A_retry_of_an_order_that_is_not_compensation_failed_is_refused_and_recorded_with_the_operator()
    {
        var orderId = Guid.NewGuid();

        var outcome = await _actions.RetryCompensationAsync(orderId, "carol", Cancellation);

        Assert.That(outcome.Accepted, Is.False);
        Assert.That(outcome.Outcome, Is.EqualTo(ActionOutcomes.Refused));
        var record = await RecordFor(orderId.ToString());
        Assert.That((record.Operator, record.Action, record.Outcome), Is.EqualTo(("carol", ActionNames.RetryCompensation, ActionOutcomes.Refused)));
    }

    async Task<OperatorActionRecord> RecordFor(string target) =>
        (await _log.RecentAsync(100, Cancellation)).Single(r => r.Target == target);
}
