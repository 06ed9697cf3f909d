using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.StateMachines;
using StoredSchedule = Saga.Persistence.Scheduling.ScheduledMessage;

namespace Saga.Orchestrator.Tests.StateMachines;

/// <summary>
/// A step that does not answer by its deadline is given up like a failed step, with the reason "timeout". Deadlines are
/// kept by the durable scheduler and passed by moving the services' clock on, so no test waits for one or races one.
/// </summary>
public sealed class OrderSagaTimeoutTests
{
    [Test]
    public async Task A_payment_that_does_not_answer_in_time_is_voided_and_the_order_ends_compensated()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var deadline = (await host.SubmitAndAwaitPayment(id)).PaymentDeadlineTokenId;
        var schedule = await host.Scheduled(deadline!.Value);

        await host.PassDeadline(id, OrderStep.Payment);

        var voiding = await host.Sent<RefundPayment>(id, m => m.OrderId);
        var waiting = await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(voiding.PaymentId, Is.Null, "nothing is known of the payment");
            Assert.That(waiting.InDoubtStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(waiting.CompensationDeadlineTokenId, Is.Not.Null, "the void has a deadline of its own");
            Assert.That(host.AnyPublished<OrderCompensated>(), Is.False, "the order is compensated once the void is confirmed");
        });

        await host.Publish(new PaymentRefunded(id, null, 0m));
        var saga = await host.WaitForState(id, m => m.Compensated);
        var compensated = await host.Published<OrderCompensated>(id, m => m.OrderId);
        var history = await host.Query(db => db.Transitions.Where(t => t.CorrelationId == id).OrderBy(t => t.Id).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(schedule.DestinationAddress.AbsolutePath, Does.EndWith(QueueNames.Orders), "the reminder goes back to the saga");
            Assert.That(schedule.Headers, Does.Contain(MassTransit.MessageHeaders.SchedulingTokenId).And.Contain(deadline.Value.ToString("D")),
                "the reminder carries its scheduling token, as MassTransit's own schedulers send it");
            Assert.That(saga.FailureReason, Is.EqualTo("timeout"));
            Assert.That(saga.TimedOutStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(saga.PaymentDeadlineTokenId, Is.Null);
            Assert.That(saga.CompensationDeadlineTokenId, Is.Null);
            Assert.That(saga.CompensatedAt, Is.Not.Null);
            Assert.That(compensated.Reason, Is.EqualTo("timeout"));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.CountSent<ReleaseInventory>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.CountSent<CancelShipment>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero);
            Assert.That(history.Select(t => (t.FromState, t.ToState, t.Event)).TakeLast(2), Is.EqualTo(new[]
            {
                ("AwaitingPayment", "Compensating", "PaymentDeadline.Received"),
                ("Compensating", "Compensated", "PaymentRefunded"),
            }), "what an operator sees in saga_transitions");
        });
    }

    [Test]
    public async Task An_inventory_that_does_not_answer_in_time_is_released_then_the_payment_refunded()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);

        await host.PassDeadline(id, OrderStep.Inventory);

        var release = await host.Sent<ReleaseInventory>(id, m => m.OrderId);
        var waiting = await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(release.ReservationId, Is.Null);
            Assert.That(waiting.TimedOutStep, Is.EqualTo(OrderStep.Inventory));
            Assert.That(waiting.CompensatingStep, Is.EqualTo(OrderStep.Inventory));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero, "the refund waits until the release is confirmed");
        });

        await host.Publish(new InventoryReleased(id, null));
        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        Assert.That(refund.PaymentId, Is.EqualTo(paymentId));
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));

        var saga = await host.WaitForState(id, m => m.Compensated);
        var compensated = await host.Published<OrderCompensated>(id, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(saga.FailureReason, Is.EqualTo("timeout"));
            Assert.That(saga.TimedOutStep, Is.EqualTo(OrderStep.Inventory));
            Assert.That(saga.InventoryReleased && saga.PaymentRefunded, Is.True);
            Assert.That(saga.ReservationId, Is.Null, "nothing was reserved");
            Assert.That(compensated.Reason, Is.EqualTo("timeout"));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.CountSent<ScheduleShipment>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task A_shipping_that_does_not_answer_in_time_is_cancelled_then_inventory_released_then_payment_refunded()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var reservationId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);
        await host.ReserveAndAwaitShipment(id, reservationId);

        await host.PassDeadline(id, OrderStep.Shipping);

        var cancel = await host.Sent<CancelShipment>(id, m => m.OrderId);
        var waiting = await host.WaitForState(id, m => m.Compensating);
        Assert.Multiple(() =>
        {
            Assert.That(cancel.ShipmentId, Is.Null);
            Assert.That(waiting.TimedOutStep, Is.EqualTo(OrderStep.Shipping));
            Assert.That(host.CountSent<ReleaseInventory>(id, m => m.OrderId), Is.Zero, "the release waits until the cancellation is confirmed");
        });

        await host.Publish(new ShipmentCancelled(id, null));
        var release = await host.Sent<ReleaseInventory>(id, m => m.OrderId);
        Assert.That(release.ReservationId, Is.EqualTo(reservationId));
        Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero, "the refund waits until the release is confirmed");
        await host.Publish(new InventoryReleased(id, reservationId));
        var refund = await host.Sent<RefundPayment>(id, m => m.OrderId);
        Assert.That(refund.PaymentId, Is.EqualTo(paymentId));
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));

        var saga = await host.WaitForState(id, m => m.Compensated);
        var compensated = await host.Published<OrderCompensated>(id, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(saga.FailureReason, Is.EqualTo("timeout"));
            Assert.That(saga.TimedOutStep, Is.EqualTo(OrderStep.Shipping));
            Assert.That(saga.ShipmentCancelled && saga.InventoryReleased && saga.PaymentRefunded, Is.True);
            Assert.That(compensated.Reason, Is.EqualTo("timeout"));
        });
    }

    [Test]
    public async Task A_payment_that_succeeded_before_its_deadline_passed_is_refunded_by_the_void_and_its_late_success_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PassDeadline(id, OrderStep.Payment);
        await host.Sent<RefundPayment>(id, m => m.OrderId);

        // The participant had charged the order: the void finds the charge, refunds it and names it.
        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var compensated = await host.WaitForState(id, m => m.Compensated);
        await host.Published<OrderCompensated>(id, m => m.OrderId);

        await host.Publish(new PaymentProcessed(id, paymentId, Orders.ValidTotal, "EUR"));
        await host.Consumed<PaymentProcessed>(x => x.OrderId == id);

        var saga = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(saga!.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(saga.Version, Is.EqualTo(compensated.Version));
            Assert.That(saga.PaymentId, Is.EqualTo(paymentId));
            Assert.That(saga.PaymentRefunded, Is.True);
            Assert.That(saga.FailureReason, Is.EqualTo("timeout"));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(1));
            Assert.That(host.CountSent<ReserveInventory>(id, m => m.OrderId), Is.Zero, "a late payment does not resume the order");
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.EqualTo(1), "the outcome is announced once");
            Assert.That(host.AnyPublished<Fault<PaymentProcessed>>(), Is.False);
        });
    }

    [Test]
    public async Task A_failure_that_arrives_after_the_deadline_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PassDeadline(id, OrderStep.Payment);
        await host.Sent<RefundPayment>(id, m => m.OrderId);
        await host.Publish(new PaymentRefunded(id, null, 0m));
        var before = await host.WaitForState(id, m => m.Compensated);

        await host.Publish(new PaymentDeclined(id, "insufficient credit"));
        await host.Consumed<PaymentDeclined>(x => x.OrderId == id);

        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(after!.CurrentState, Is.EqualTo("Compensated"));
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(after.FailureReason, Is.EqualTo("timeout"));
            Assert.That(host.AnyPublished<Fault<PaymentDeclined>>(), Is.False);
        });
    }

    [Test]
    public async Task A_reminder_that_comes_long_after_it_was_due_gives_the_step_the_grace_instead_of_timing_it_out()
    {
        // The orchestrator (or its database, or the broker) was away while the deadline passed: the reply may be waiting
        // right behind the reminder, so the step is not given up for an outage on our side.
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var waiting = await host.SubmitAndAwaitPayment(id);
        host.Clock.Advance(OrderSagaTestHost.DistantDeadlines.Payment + TimeSpan.FromMinutes(5));

        await host.Eventually(async () => (await host.Find(id))!.PaymentDeadlineTokenId != waiting.PaymentDeadlineTokenId,
            "the late reminder did not re-arm the payment deadline");
        var regraced = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(regraced!.CurrentState, Is.EqualTo("AwaitingPayment"));
            Assert.That(regraced.TimedOutStep, Is.Null);
            Assert.That(regraced.PaymentDeadlineTokenId, Is.Not.Null);
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero);
        });

        // The reply that was waiting arrives and the order goes on.
        await host.PayAndAwaitInventory(id, Guid.NewGuid());

        // Without a reply, the grace passes on time and the step is given up.
        var other = Guid.NewGuid();
        var otherWaiting = await host.SubmitAndAwaitPayment(other);
        host.Clock.Advance(OrderSagaTestHost.DistantDeadlines.Payment + TimeSpan.FromMinutes(5));
        await host.Eventually(async () => (await host.Find(other))!.PaymentDeadlineTokenId != otherWaiting.PaymentDeadlineTokenId,
            "the late reminder did not re-arm the payment deadline");
        host.Clock.Advance(OrderSagaTestHost.DistantDeadlines.LateReminderGrace + TimeSpan.FromSeconds(1));
        await host.Eventually(async () => (await host.Find(other))!.TimedOutStep == OrderStep.Payment, "the grace did not pass");
    }

    [Test]
    public async Task A_compensation_not_confirmed_in_time_is_sent_again_and_a_later_confirmation_ends_compensated()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, paymentId);
        await host.Publish(new InventoryReservationFailed(id, "out of stock"));
        await host.Sent<RefundPayment>(id, m => m.OrderId);

        var resent = await host.PassCompensationDeadline(id);
        await host.SentTimes<RefundPayment>(id, m => m.OrderId, 2);
        Assert.Multiple(() =>
        {
            Assert.That(resent.CurrentState, Is.EqualTo("Compensating"));
            Assert.That(resent.CompensationAttempts, Is.EqualTo(2));
            Assert.That(resent.CompensatingStep, Is.EqualTo(OrderStep.Payment));
        });

        await host.Publish(new PaymentRefunded(id, paymentId, Orders.ValidTotal));
        var saga = await host.WaitForState(id, m => m.Compensated);
        Assert.Multiple(() =>
        {
            Assert.That(saga.PaymentRefunded, Is.True);
            Assert.That(saga.CompensationDeadlineTokenId, Is.Null);
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(2));
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_compensation_never_confirmed_ends_in_compensation_failed_after_its_attempts()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());
        await host.Publish(new InventoryReservationFailed(id, "out of stock"));
        await host.Sent<RefundPayment>(id, m => m.OrderId);

        var attempts = OrderSagaTestHost.DistantDeadlines.CompensationAttempts;
        OrderState failed;
        do
            failed = await host.PassCompensationDeadline(id);
        while (failed.CurrentState == "Compensating");
        var published = await host.Published<OrderCompensationFailed>(id, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(failed.CurrentState, Is.EqualTo("CompensationFailed"));
            Assert.That(failed.CompensationAttempts, Is.EqualTo(attempts));
            Assert.That(failed.CompensationDeadlineTokenId, Is.Null);
            Assert.That(failed.CompensationError, Does.StartWith($"Payment compensation was not confirmed after {attempts} attempts"));
            Assert.That(failed.FailureReason, Is.EqualTo("inventory not reserved: out of stock"));
            Assert.That(published.Step, Is.EqualTo("Payment"));
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.EqualTo(attempts));
            Assert.That(host.AnyPublished<OrderCompensated>(), Is.False);
        });
    }

    [Test]
    public async Task Replies_in_time_cancel_every_deadline_and_nothing_happens_when_they_pass()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var tokens = new[]
        {
            (await host.SubmitAndAwaitPayment(id)).PaymentDeadlineTokenId,
            (await host.PayAndAwaitInventory(id, Guid.NewGuid())).InventoryDeadlineTokenId,
            (await host.ReserveAndAwaitShipment(id, Guid.NewGuid())).ShippingDeadlineTokenId,
        };
        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));
        var completed = await host.WaitForState(id, m => m.Completed);

        Assert.Multiple(() =>
        {
            Assert.That(tokens, Is.All.Not.Null, "each step had a deadline");
            Assert.That(OrderSteps.All.Select(step => step.DeadlineToken.Get(completed)), Is.All.Null, "the replies cleared every deadline");
        });
        foreach (var token in tokens)
            await host.Unscheduled(token!.Value);

        // An order nobody answers, submitted last: once its payment deadline has passed, so have all of the first order's.
        var unanswered = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(unanswered);
        await host.PassDeadline(unanswered, OrderStep.Payment);

        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(after!.CurrentState, Is.EqualTo("Completed"));
            Assert.That(after.Version, Is.EqualTo(completed.Version), "nothing touched the row");
            Assert.That(after.FailureReason, Is.Null);
            Assert.That(after.TimedOutStep, Is.Null);
            Assert.That(host.CountSent<RefundPayment>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.CountSent<ReleaseInventory>(id, m => m.OrderId), Is.Zero);
            Assert.That(host.CountPublished<OrderCompensated>(id, m => m.OrderId), Is.Zero);
        });
    }

    [Test]
    public async Task A_reminder_that_arrives_after_its_step_answered_changes_nothing_with_or_without_its_token()
    {
        // The scheduler may have sent a reminder just before its cancellation arrived, and our durable scheduler does not
        // send the scheduling token back with it.
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        var paymentDeadline = (await host.SubmitAndAwaitPayment(id)).PaymentDeadlineTokenId;
        var awaitingInventory = await host.PayAndAwaitInventory(id, Guid.NewGuid());

        await host.DeliverReminder(new PaymentStepTimedOut(id, DueAt: null), paymentDeadline);
        await host.DeliverReminder(new PaymentStepTimedOut(id, DueAt: null), tokenId: null);

        var stillAwaiting = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(stillAwaiting!.CurrentState, Is.EqualTo("AwaitingInventory"), "a late payment reminder does not time out inventory");
            Assert.That(stillAwaiting.Version, Is.EqualTo(awaitingInventory.Version));
            Assert.That(stillAwaiting.InventoryDeadlineTokenId, Is.EqualTo(awaitingInventory.InventoryDeadlineTokenId).And.Not.Null,
                "the inventory deadline still stands");
        });

        var shippingDeadline = (await host.ReserveAndAwaitShipment(id, Guid.NewGuid())).ShippingDeadlineTokenId;
        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));
        var completed = await host.WaitForState(id, m => m.Completed);

        await host.DeliverReminder(new ShippingStepTimedOut(id, DueAt: null), shippingDeadline);
        await host.DeliverReminder(new ShippingStepTimedOut(id, DueAt: null), tokenId: null);

        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(after!.CurrentState, Is.EqualTo("Completed"));
            Assert.That(after.Version, Is.EqualTo(completed.Version));
            Assert.That(after.TimedOutStep, Is.Null);
            Assert.That(host.AnyPublished<Fault<PaymentStepTimedOut>>() || host.AnyPublished<Fault<ShippingStepTimedOut>>(), Is.False);
        });
    }

    [Test]
    public async Task A_cancellation_cancels_the_deadline_and_a_late_reminder_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(id);
        var inventoryDeadline = (await host.PayAndAwaitInventory(id, Guid.NewGuid())).InventoryDeadlineTokenId;
        await host.Publish(new CancelOrder(id, "changed my mind"));
        var compensating = await host.WaitForState(id, m => m.Compensating);
        await host.Unscheduled(inventoryDeadline!.Value);

        await host.DeliverReminder(new InventoryStepTimedOut(id, DueAt: null), inventoryDeadline);

        var after = await host.Find(id);
        Assert.Multiple(() =>
        {
            Assert.That(compensating.InventoryDeadlineTokenId, Is.Null);
            Assert.That(after!.CurrentState, Is.EqualTo("Compensating"), "still waiting for the release");
            Assert.That(after.Version, Is.EqualTo(compensating.Version));
            Assert.That(after.FailureReason, Is.EqualTo("cancelled: changed my mind"));
            Assert.That(after.TimedOutStep, Is.Null);
            Assert.That(host.CountSent<ReleaseInventory>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Each_step_is_given_its_own_deadline()
    {
        var deadlines = new OrderStepDeadlines(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40));
        await using var host = await OrderSagaTestHost.StartAsync(deadlines: deadlines);
        var id = Guid.NewGuid();

        var payment = await host.Scheduled((await host.SubmitAndAwaitPayment(id)).PaymentDeadlineTokenId!.Value);
        var inventory = await host.Scheduled((await host.PayAndAwaitInventory(id, Guid.NewGuid())).InventoryDeadlineTokenId!.Value);
        var shipping = await host.Scheduled((await host.ReserveAndAwaitShipment(id, Guid.NewGuid())).ShippingDeadlineTokenId!.Value);

        // The due time is set when the saga schedules and stored a moment later; the difference is far below the tolerance.
        var tolerance = TimeSpan.FromSeconds(5);
        Assert.Multiple(() =>
        {
            Assert.That(payment.DueAt - payment.ScheduledAt, Is.EqualTo(deadlines.Payment).Within(tolerance));
            Assert.That(inventory.DueAt - inventory.ScheduledAt, Is.EqualTo(deadlines.Inventory).Within(tolerance));
            Assert.That(shipping.DueAt - shipping.ScheduledAt, Is.EqualTo(deadlines.Shipping).Within(tolerance));
        });
    }

    [Test]
    public async Task Deadlines_are_stored_and_cancelled_in_the_sagas_own_transaction()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();

        // The saga's state and its deadline commit together: once the state is visible, so is the schedule.
        var awaitingPayment = await host.SubmitAndAwaitPayment(id);
        var paymentDeadline = await host.Query(db => db.Set<StoredSchedule>().AsNoTracking()
            .SingleOrDefaultAsync(x => x.TokenId == awaitingPayment.PaymentDeadlineTokenId));
        var awaitingInventory = await host.PayAndAwaitInventory(id, Guid.NewGuid());
        var schedules = await host.Query(db => db.Set<StoredSchedule>().AsNoTracking().Select(x => x.TokenId).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(paymentDeadline, Is.Not.Null, "the payment deadline is stored with the state that awaits payment");
            Assert.That(schedules, Is.EqualTo(new[] { awaitingInventory.InventoryDeadlineTokenId }),
                "the payment deadline is gone in the transaction that moved on, the inventory deadline is there");
            Assert.That(host.Harness.Consumed.Select<MassTransit.Scheduling.ScheduleMessage>().Any(), Is.False, "no schedule command crossed the bus");
            Assert.That(host.Harness.Consumed.Select<MassTransit.Scheduling.CancelScheduledMessage>().Any(), Is.False, "no cancel command crossed the bus");
        });
    }

    [Test]
    public async Task Without_a_message_scheduler_the_order_still_completes_without_deadlines()
    {
        await using var host = await OrderSagaTestHost.StartAsync(messageScheduler: false);
        var id = Guid.NewGuid();

        var awaitingPayment = await host.SubmitAndAwaitPayment(id);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());
        await host.ReserveAndAwaitShipment(id, Guid.NewGuid());
        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));

        await host.WaitForState(id, m => m.Completed);
        Assert.Multiple(async () =>
        {
            Assert.That(awaitingPayment.PaymentDeadlineTokenId, Is.Null);
            Assert.That(await host.Query(db => db.Set<StoredSchedule>().CountAsync()), Is.Zero);
            Assert.That(host.AnyPublished<Fault<SubmitOrder>>(), Is.False);
        });
    }
}
