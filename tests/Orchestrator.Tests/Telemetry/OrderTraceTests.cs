using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.Persistence.Telemetry;
using Saga.SagaOrchestrator.StateMachines;
using Saga.TestInfrastructure;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>
/// One trace per order, through the saga's transactional outbox (sent right after the commit, or by the delivery loop) and
/// its durable scheduler (the deadline row, moved to the outbox when due and sent by the loop): every span of the order
/// shares the trace its <see cref="SubmitOrder"/> started, compensation and the deadline's reminder included.
/// </summary>
public sealed class OrderTraceTests
{
    static readonly string[] OrderMessages =
    [
        nameof(SubmitOrder), nameof(ProcessPayment), nameof(PaymentProcessed), nameof(CheckFraud), nameof(FraudCheckPassed), nameof(ReserveInventory), nameof(InventoryReserved),
        nameof(ScheduleShipment), nameof(ShippingStepTimedOut), nameof(CancelShipment), nameof(ShipmentCancelled), nameof(ReleaseInventory), nameof(InventoryReleased), nameof(RefundPayment),
        nameof(PaymentRefunded), nameof(OrderCompensated),
    ];

    [Test]
    public async Task Every_span_of_an_order_through_a_timed_out_step_and_its_compensation_shares_one_trace()
    {
        using var recorder = new SpanRecorder(DiagnosticHeaders.DefaultListenerName, SagaDiagnostics.Name);
        await using var host = await OrderSagaTestHost.StartAsync(x =>
        {
            x.AddConsumer<TracedPayment>().Endpoint(e => e.Name = QueueNames.Payment);
            x.AddConsumer<TracedInventory>().Endpoint(e => e.Name = QueueNames.Inventory);
            x.AddConsumer<TracedShipping>().Endpoint(e => e.Name = QueueNames.Shipping);
        }, testTimeout: TimeSpan.FromSeconds(60));
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        // Both orders wait at shipping before the clock moves: a deadline stored after the move would be due at once.
        await host.Publish(Orders.Valid(first));
        await host.Publish(Orders.Valid(second));
        await host.WaitForState(first, m => m.AwaitingShipment);
        await host.WaitForState(second, m => m.AwaitingShipment);
        await host.PassDeadline(first, OrderStep.Shipping);
        await host.WaitForState(first, m => m.Compensated);
        await host.Published<OrderCompensated>(first, m => m.OrderId);
        // The last spans (the recorders' consumes, the sends' ends) stop just after what the test waited for.
        await SpansOfEveryMessage(recorder, first);

        var spans = recorder.Stopped;
        var transitions = spans.Where(x => x.Source.Name == SagaDiagnostics.Name && x.GetTagItem(OrderTelemetry.OrderIdTag) is not null).ToList();
        var firstTransitions = transitions.Where(x => Equals(x.GetTagItem(OrderTelemetry.OrderIdTag), first.ToString("D"))).ToList();
        var secondTransitions = transitions.Where(x => Equals(x.GetTagItem(OrderTelemetry.OrderIdTag), second.ToString("D"))).ToList();
        var trace = firstTransitions.First().TraceId;
        var conversation = spans.First(x => x.TraceId == trace && x.GetTagItem(DiagnosticHeaders.Messaging.ConversationId) is not null)
            .GetTagItem(DiagnosticHeaders.Messaging.ConversationId);
        var orderSpans = spans.Where(x => Equals(x.GetTagItem(DiagnosticHeaders.Messaging.ConversationId), conversation)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(firstTransitions.Select(x => x.GetTagItem("saga.state.to")),
                Is.EqualTo(new[] { "AwaitingPayment", "AwaitingFraudCheck", "AwaitingInventory", "AwaitingShipment", "Compensating", "Compensated" }));
            Assert.That(firstTransitions.Select(x => x.TraceId), Is.All.EqualTo(trace), "every transition of the order is in its trace");
            Assert.That(firstTransitions.Single(x => Equals(x.GetTagItem("saga.state.to"), "Compensating")).GetTagItem("saga.compensation.step"),
                Is.EqualTo("shipping"), "the transition into compensation names the step being undone: the timed-out one first");
            foreach (var message in OrderMessages)
            {
                var ofMessage = orderSpans.Where(x => MessageTypes(x).Contains(message, StringComparison.Ordinal)).ToList();
                Assert.That(ofMessage, Is.Not.Empty, $"no span of {message} in the order's conversation");
                Assert.That(ofMessage.Select(x => x.TraceId), Is.All.EqualTo(trace), $"a span of {message} left the order's trace");
            }

            Assert.That(orderSpans.Select(x => x.TraceId), Is.All.EqualTo(trace), "a span of the order's conversation left its trace");
            Assert.That(spans.Where(x => x.OperationName == "outbox deliver" && x.TraceId == trace).Select(x => x.ParentSpanId),
                Has.None.EqualTo(default(ActivitySpanId)), "every delivery from the outbox continues the span that wrote the message");
            Assert.That(secondTransitions, Is.Not.Empty);
            Assert.That(secondTransitions.Select(x => x.TraceId), Is.All.Not.EqualTo(trace), "another order has a trace of its own");
            Assert.That(secondTransitions.Select(x => x.TraceId).Distinct().Count(), Is.EqualTo(1));
        });
    }

    /// <summary>Waits (bounded) until a span of each of the order's messages has stopped.</summary>
    static async Task SpansOfEveryMessage(SpanRecorder recorder, Guid orderId)
    {
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var spans = recorder.Stopped;
            var trace = spans.FirstOrDefault(x => x.Source.Name == SagaDiagnostics.Name
                && Equals(x.GetTagItem(OrderTelemetry.OrderIdTag), orderId.ToString("D")))?.TraceId;
            var missing = OrderMessages
                .Where(message => !spans.Any(x => x.TraceId == trace && MessageTypes(x).Contains(message, StringComparison.Ordinal)))
                .ToList();
            if (trace is not null && missing.Count == 0)
                return;
            if (DateTime.UtcNow > giveUpAt)
                Assert.Fail($"no span of {string.Join(", ", missing)} stopped in the trace of order {orderId}");
            await Task.Delay(20);
        }
    }

    static string MessageTypes(Activity activity) => activity.GetTagItem(DiagnosticHeaders.MessageTypes) as string ?? "";
}
