using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.StateMachines;

/// <summary>
/// An operator's <see cref="RetryCompensation"/>: a CompensationFailed order compensates again from where it stopped
/// (including steps whose success came late), ends Compensated or fails again; in any other state it is refused.
/// </summary>
public sealed class OrderSagaCompensationRetryTests
{
    const string Operator = "ops@example.com";

    static Task<OrderSagaTestHost> StartWithRefunds(FailureSwitch refunds) =>
        OrderSagaTestHost.StartAsync(x =>
        {
            x.AddSingleton(refunds);
            x.AddConsumer<SwitchableFailingConsumer<RefundPayment>>().Endpoint(e => e.Name = QueueNames.Payment);
        });

    /// <summary>Pays, then fails the inventory step: the refund faults and the order waits in CompensationFailed.</summary>
    static async Task<OrderState> FailTheRefund(OrderSagaTestHost host, Guid id, Guid paymentId)
    {
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);
        await host.Publish(new InventoryReservationFailed(id, "out of stock"));
        await host.Published<OrderCompensationFailed>(id, m => m.OrderId);
        return await host.WaitForState(id, m => m.CompensationFailed);
    }

    static Task<Response<CompensationRetryAccepted, CompensationRetryRefused>> Retry(OrderSagaTestHost host, Guid id) =>
        host.Harness.GetRequestClient<RetryCompensation>()
            .GetResponse<CompensationRetryAccepted, CompensationRetryRefused>(new RetryCompensation(id, Operator));

    static async Task<CompensationRetryAccepted> RetryExpectingAcceptance(OrderSagaTestHost host, Guid id)
    {
        var response = await Retry(host, id);
        Assert.That(response.Is(out Response<CompensationRetryAccepted>? accepted), Is.True, "the retry must be accepted");
        return accepted!.Message;
    }

    static async Task<CompensationRetryRefused> RetryExpectingRefusal(OrderSagaTestHost host, Guid id)
    {
        var response = await Retry(host, id);
        Assert.That(response.Is(out Response<CompensationRetryRefused>? refused), Is.True, "the retry must be refused");
        return refused!.Message;
    }

    [Test]
    public async Task A_retry_after_a_refund_fault_sends_the_refund_again_and_ends_compensated()
    {
        var refunds = new FailureSwitch();
        await using var host = await StartWithRefunds(refunds);
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var failed = await FailTheRefund(host, id, paymentId);
        var refundsBefore = host.CountSent<RefundPayment>(id, m => m.OrderId);
        Assert.That(failed.CompensationError, Does.Contain("the bank is offline"));

        refunds.Failure = null;
        var askedAt = host.Clock.GetUtcNow().UtcDateTime;
        var accepted = await RetryExpectingAcceptance(host, id);

        Assert.That(accepted, Is.EqualTo(new CompensationRetryAccepted(id, "Payment")));
        await host.SentTimes<RefundPayment>(id, m => m.OrderId, refundsBefore + 1);
        var retrying = await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(retrying.CompensationError, Is.Null, "the old error is cleared");
            Assert.That(retrying.CompensatingStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(retrying.CompensationRetries, Is.EqualTo(1));
            Assert.That(retrying.LastRetryBy, Is.EqualTo(Operator));
            Assert.That(retrying.LastRetryAt, Is.InRange(askedAt, host.Clock.GetUtcNow().UtcDateTime));
        });

        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var compensated = await host.WaitForState(id, m => m.Compensated);
        var outcome = await host.Published<OrderCompensated>(id, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(compensated.PaymentRefunded, Is.True);
            Assert.That(compensated.CompensatingStep, Is.Null);
            Assert.That(outcome.Reason, Is.EqualTo("inventory not reserved: out of stock"), "the order's reason, not the retry");
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.CountPublished<OrderCompensationFailed>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_retry_resumes_with_the_latest_step_not_yet_undone_and_a_late_repeat_of_an_undone_step_changes_nothing()
    {
        var refunds = new FailureSwitch();
        await using var host = await StartWithRefunds(refunds);
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var reservationId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);
        await host.Publish(new CancelOrder(id, "changed my mind"));

        // The reservation in flight had been made: the release finds it and names it; then the refund fails.
        var release = await host.Sent<ReleaseInventory>(id, m => m.OrderId);
        Assert.That(release.ReservationId, Is.Null);
        await host.Publish(new InventoryReleased(id, reservationId));
        await host.Published<OrderCompensationFailed>(id, m => m.OrderId);
        await host.WaitForState(id, m => m.CompensationFailed);

        // A repeat of the reservation's success, already undone, comes while the order waits for an operator.
        await host.Publish(new InventoryReserved(id, reservationId));
        await host.Consumed<InventoryReserved>(x => x.OrderId == id);
        var refundsBefore = host.CountSent<RefundPayment>(id, m => m.OrderId);

        refunds.Failure = null;
        var accepted = await RetryExpectingAcceptance(host, id);

        Assert.That(accepted.Step, Is.EqualTo("Payment"));
        await host.SentTimes<RefundPayment>(id, m => m.OrderId, refundsBefore + 1);
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));

        var compensated = await host.WaitForState(id, m => m.Compensated);
        Assert.Multiple(() =>
        {
            Assert.That(compensated.InventoryReleased && compensated.PaymentRefunded, Is.True);
            Assert.That(compensated.ReservationId, Is.EqualTo(reservationId));
            Assert.That(compensated.FailureReason, Is.EqualTo("cancelled: changed my mind"));
            Assert.That(host.CountSent<ReleaseInventory>(id, m => m.OrderId), Is.EqualTo(1), "the released reservation is not released again");
        });
        await host.Published<OrderCompensated>(id, m => m.OrderId);
    }

    [Test]
    public async Task A_retry_that_faults_again_ends_in_compensation_failed_with_the_new_error()
    {
        var refunds = new FailureSwitch();
        await using var host = await StartWithRefunds(refunds);
        var id = Guid.NewGuid();
        await FailTheRefund(host, id, Guid.NewGuid());

        refunds.Failure = "the bank is still offline";
        var accepted = await RetryExpectingAcceptance(host, id);

        Assert.That(accepted.Step, Is.EqualTo("Payment"));
        await host.PublishedTimes<OrderCompensationFailed>(id, m => m.OrderId, 2);
        var failedAgain = await host.WaitForState(id, m => m.CompensationFailed);
        Assert.Multiple(() =>
        {
            Assert.That(failedAgain.CompensationError, Does.Contain("the bank is still offline"));
            Assert.That(failedAgain.CompensatingStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(failedAgain.CompensationRetries, Is.EqualTo(1));
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.Zero);
        });

        // And it can be retried again.
        refunds.Failure = null;
        Assert.That((await RetryExpectingAcceptance(host, id)).Step, Is.EqualTo("Payment"));
        Assert.That((await host.WaitForState(id, m => m.Compensating)).CompensationRetries, Is.EqualTo(2));
    }

    [Test]
    public async Task A_retry_with_nothing_left_to_undo_ends_compensated_at_once()
    {
        var refunds = new FailureSwitch();
        await using var host = await StartWithRefunds(refunds);
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await FailTheRefund(host, id, paymentId);
        var refundsBefore = host.CountSent<RefundPayment>(id, m => m.OrderId);

        // The refund went through after all; its confirmation comes after the fault.
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        await host.Consumed<PaymentRefunded>(x => x.OrderId == id);
        var accepted = await RetryExpectingAcceptance(host, id);

        Assert.That(accepted.Step, Is.EqualTo(OrderStateMachine.NothingLeftToUndo));
        var compensated = await host.WaitForState(id, m => m.Compensated);
        await host.Published<OrderCompensated>(id, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(compensated.CompensationError, Is.Null);
            Assert.That(compensated.CompensatingStep, Is.Null);
            Assert.That(compensated.CompensatedAt, Is.Not.Null);
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(refundsBefore), "nothing is sent again");
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }

    static IEnumerable<TestCaseData> OtherStates()
    {
        yield return State("AwaitingPayment", (host, id) => host.SubmitAndAwaitPayment(id));
        yield return State("AwaitingInventory", async (host, id) =>
        {
            await host.SubmitAndAwaitPayment(id);
            await host.PayAndAwaitInventory(id, Guid.NewGuid());
        });
        yield return State("AwaitingShipment", async (host, id) =>
        {
            await host.SubmitAndAwaitPayment(id);
            await host.PayAndAwaitInventory(id, Guid.NewGuid());
            await host.ReserveAndAwaitShipment(id, Guid.NewGuid());
        });
        yield return State("Completed", async (host, id) =>
        {
            await host.SubmitAndAwaitPayment(id);
            await host.PayAndAwaitInventory(id, Guid.NewGuid());
            await host.ReserveAndAwaitShipment(id, Guid.NewGuid());
            await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));
            await host.WaitForState(id, m => m.Completed);
        });
        yield return State("Compensating", async (host, id) =>
        {
            await host.SubmitAndAwaitPayment(id);
            await host.PayAndAwaitInventory(id, Guid.NewGuid());
            await host.Publish(new InventoryReservationFailed(id, "out of stock"));
            await host.Sent<RefundPayment>(id, m => m.OrderId);
            await host.WaitForState(id, m => m.Compensating);
        });
        yield return State("Compensated", async (host, id) =>
        {
            await host.SubmitAndAwaitPayment(id);
            await host.Publish(new PaymentDeclined(id, "insufficient credit"));
            await host.WaitForState(id, m => m.Compensated);
        });
        yield return State("Rejected", async (host, id) =>
        {
            await host.Publish(Orders.Valid(id) with { Currency = "XXX1" });
            await host.WaitForState(id, m => m.Rejected);
        });
    }

    static TestCaseData State(string state, Func<OrderSagaTestHost, Guid, Task> reach) =>
        new TestCaseData(state, reach).SetArgDisplayNames(state);

    [TestCaseSource(nameof(OtherStates))]
    public async Task A_retry_in_any_other_state_is_refused_and_changes_nothing(string state, Func<OrderSagaTestHost, Guid, Task> reach)
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await reach(host, id);
        var before = await host.Find(id);
        Assert.That(before!.CurrentState, Is.EqualTo(state));

        var refused = await RetryExpectingRefusal(host, id);

        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.EqualTo(new CompensationRetryRefused(id, $"the order is {state}; only a CompensationFailed order can be retried")));
            Assert.That(after!.CurrentState, Is.EqualTo(state));
            Assert.That(after.Version, Is.EqualTo(before.Version), "the saga is not written");
            Assert.That(after.CompensationRetries, Is.Zero);
        });
    }

    [Test]
    public async Task A_retry_of_an_unknown_order_is_refused()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();

        var refused = await RetryExpectingRefusal(host, id);

        Assert.Multiple(async () =>
        {
            Assert.That(refused, Is.EqualTo(new CompensationRetryRefused(id, "unknown order")));
            Assert.That(await host.Find(id), Is.Null, "no saga is created");
        });
    }
}
