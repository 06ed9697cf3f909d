using System.Text;
using Saga.SagaHarness.Broker;
using Saga.SagaHarness.Orders;

namespace Saga.SagaHarness.Chaos;

/// <summary>
/// What a run publishes, and when: every order twice under different message ids, the second copy a few orders later;
/// every Nth order a third time under its first copy's id (a redelivery or a client's retry); the malformed messages
/// among them. Spread evenly over the run's duration.
/// </summary>
public static class SubmissionPlan
{
    /// <summary>How many orders later an order's second copy goes out.</summary>
    const int SecondCopyLag = 7;

    public static IReadOnlyList<ScheduledPublish> Build(IReadOnlyList<PlannedOrder> orders, IReadOnlyList<Guid> malformed, ChaosOptions options)
    {
        var slots = new List<(double Slot, byte[] Body, Guid Id, string What, Guid? OrderId)>();
        foreach (var plan in orders)
        {
            var first = Guid.NewGuid();
            var body = SubmitOrderPublisher.Envelope(plan.Order, first);
            slots.Add((plan.Index, body, first, $"order #{plan.Index}, first copy", plan.Order.OrderId));
            var second = Guid.NewGuid();
            slots.Add((Math.Min(plan.Index + SecondCopyLag, orders.Count - 1) + 0.5, SubmitOrderPublisher.Envelope(plan.Order, second), second,
                $"order #{plan.Index}, second copy", plan.Order.OrderId));
            if (options.SameIdCopyEvery > 0 && plan.Index % options.SameIdCopyEvery == 0)
                slots.Add((Math.Min(plan.Index + 2, orders.Count - 1) + 0.25, body, first, $"order #{plan.Index}, first copy again", plan.Order.OrderId));
        }

        for (var i = 0; i < malformed.Count; i++)
        {
            var slot = (i + 1.0) * orders.Count / (malformed.Count + 1) + 0.75;
            slots.Add((slot, Encoding.UTF8.GetBytes($"{{ not json, malformed on purpose #{i}"), malformed[i], $"malformed message #{i}", null));
        }

        var ordered = slots.OrderBy(x => x.Slot).ToList();
        var step = options.Duration / Math.Max(1, ordered.Count);
        return ordered.Select((x, i) => new ScheduledPublish(step * i, x.Body, x.Id, x.What, x.OrderId)).ToList();
    }
}
