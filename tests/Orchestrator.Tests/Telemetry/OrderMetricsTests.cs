using MassTransit;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.Persistence.Telemetry;
using Saga.SagaOrchestrator.StateMachines;
using Saga.SagaOrchestrator.Telemetry;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>
/// The order metrics count committed facts once per saga: not again for a duplicate message, a retried transaction or a
/// second compensation after a late reply; step durations carry their step and outcome; the outbox reports its lag and backlog.
/// </summary>
public sealed class OrderMetricsTests
{
    [Test]
    public async Task Each_outcome_is_counted_once_per_saga_and_steps_and_the_outbox_are_measured()
    {
        using var metrics = new MetricRecorder();
        var failOnce = new FailOnceOnCompletion();
        await using var host = await OrderSagaTestHost.StartAsync(x =>
        {
            x.AddConsumer<ThrowingConsumer<RefundPayment>>().Endpoint(e => e.Name = QueueNames.Payment);
            x.AddStateObserver<OrderState, FailOnceOnCompletion>(_ => failOnce);
        }, testTimeout: TimeSpan.FromSeconds(60));

        // Completed, through a first attempt that rolls back, with a duplicate submission on the way.
        var completed = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(completed);
        await host.Publish(Orders.Valid(completed));
        await host.PayAndAwaitInventory(completed, Guid.NewGuid());
        await host.ReserveAndAwaitShipment(completed, Guid.NewGuid());
        await host.Publish(new ShipmentScheduled(completed, Guid.NewGuid()));
        await host.WaitForState(completed, m => m.Completed);

        // Compensated, then the decline repeated: still one compensated order.
        var compensated = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(compensated);
        await host.Publish(new PaymentDeclined(compensated, "insufficient credit"));
        await host.WaitForState(compensated, m => m.Compensated);
        await host.Publish(new PaymentDeclined(compensated, "insufficient credit"));
        await host.Consumed<PaymentDeclined>(m => m.OrderId == compensated, count: 2);
        await host.WaitForState(compensated, m => m.Compensated);

        var rejected = Guid.NewGuid();
        await host.Publish(Orders.Valid(rejected) with { Items = [] });
        await host.WaitForState(rejected, m => m.Rejected);

        var failed = Guid.NewGuid();
        await host.SubmitAndAwaitPayment(failed);
        await host.PayAndAwaitInventory(failed, Guid.NewGuid());
        await host.Publish(new InventoryReservationFailed(failed, "out of stock"));
        await host.WaitForState(failed, m => m.CompensationFailed);

        // The outbox's loop counts the backlog on its next pass once someone listens.
        await Eventually(() =>
        {
            metrics.Collect();
            return metrics.Of("saga.outbox.backlog", (OutboxMetrics.DatabaseTag, "OrderSaga")).Any();
        }, "the outbox backlog was not reported");

        Assert.Multiple(() =>
        {
            Assert.That(failOnce.Failures, Is.EqualTo(1), "the completion was retried once");
            Assert.That(metrics.Sum("saga.orders.started"), Is.EqualTo(3), "completed, compensated, compensation failed; not the rejected one, not the duplicate");
            Assert.That(metrics.Sum("saga.orders.completed"), Is.EqualTo(1), "the rolled-back attempt does not count");
            Assert.That(metrics.Sum("saga.orders.compensated"), Is.EqualTo(1), "the repeated decline of the same order does not count");
            Assert.That(metrics.Sum("saga.orders.compensated", (OrderMetrics.ReasonTag, "failed")), Is.EqualTo(1));
            Assert.That(metrics.Sum("saga.orders.rejected"), Is.EqualTo(1));
            Assert.That(metrics.Sum("saga.orders.compensation_failed", (OrderMetrics.StepTag, "payment")), Is.EqualTo(1));
            Assert.That(metrics.Sum("saga.orders.compensation_failed"), Is.EqualTo(1));

            Assert.That(metrics.Of("saga.step.duration", (OrderMetrics.StepTag, "payment"), (OrderMetrics.OutcomeTag, "succeeded")).Count(), Is.EqualTo(2));
            Assert.That(metrics.Of("saga.step.duration", (OrderMetrics.StepTag, "payment"), (OrderMetrics.OutcomeTag, "failed")).Count(), Is.EqualTo(1));
            Assert.That(metrics.Of("saga.step.duration", (OrderMetrics.StepTag, "fraud_check"), (OrderMetrics.OutcomeTag, "succeeded")).Count(), Is.EqualTo(2));
            Assert.That(metrics.Of("saga.step.duration", (OrderMetrics.StepTag, "inventory"), (OrderMetrics.OutcomeTag, "succeeded")).Count(), Is.EqualTo(1));
            Assert.That(metrics.Of("saga.step.duration", (OrderMetrics.StepTag, "inventory"), (OrderMetrics.OutcomeTag, "failed")).Count(), Is.EqualTo(1));
            Assert.That(metrics.Of("saga.step.duration", (OrderMetrics.StepTag, "shipping"), (OrderMetrics.OutcomeTag, "succeeded")).Count(), Is.EqualTo(1));
            Assert.That(metrics.Of("saga.step.duration").Select(x => x.Value), Is.All.GreaterThanOrEqualTo(0));

            var lag = metrics.Of("saga.outbox.delivery.lag", (OutboxMetrics.DatabaseTag, "OrderSaga")).ToList();
            Assert.That(lag, Has.Count.GreaterThanOrEqualTo(10), "a lag per delivered message");
            Assert.That(lag.Select(x => x.Value), Is.All.GreaterThanOrEqualTo(0));
        });
    }

    static async Task Eventually(Func<bool> condition, string failure)
    {
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > giveUpAt)
                Assert.Fail(failure);
            await Task.Delay(50);
        }
    }
}
