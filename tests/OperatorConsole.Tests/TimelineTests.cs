using Saga.Operations.Sagas;
using Saga.OperatorConsole.Timeline;

namespace Saga.OperatorConsole.Tests;

public sealed class TimelineTests
{
    static readonly DateTime Start = new(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);

    static SagaTransition Transition(int id, TimeSpan at, string? from, string to) =>
        new(id, Start + at, from, to, "Event" + id, null, null, 1);

    [Test]
    public void Each_state_lasts_until_the_next_transition_and_the_longest_is_the_slowest()
    {
        var history = new[]
        {
            Transition(1, TimeSpan.Zero, "Initial", "AwaitingPayment"),
            Transition(2, TimeSpan.FromSeconds(40), "AwaitingPayment", "AwaitingInventory"),
            Transition(3, TimeSpan.FromSeconds(45), "AwaitingInventory", "AwaitingShipment"),
            Transition(4, TimeSpan.FromSeconds(57), "AwaitingShipment", "Completed"),
        };

        var timeline = OrderTimeline.Of(history, Start.AddHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(timeline.Select(e => e.TimeInState), Is.EqualTo(new TimeSpan?[]
                { TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12), null }), "a final state is not a wait");
            Assert.That(timeline.Select(e => e.Slowest), Is.EqualTo(new[] { true, false, false, false }));
            Assert.That(timeline[1].Share, Is.EqualTo(5.0 / 40).Within(1e-9));
            Assert.That(timeline.Any(e => e.Current), Is.False);
        });
    }

    [Test]
    public void An_order_in_flight_is_still_in_its_last_state_until_now()
    {
        var history = new[]
        {
            Transition(1, TimeSpan.Zero, "Initial", "AwaitingPayment"),
            Transition(2, TimeSpan.FromSeconds(2), "AwaitingPayment", "AwaitingInventory"),
        };

        var timeline = OrderTimeline.Of(history, Start.AddMinutes(10));

        Assert.Multiple(() =>
        {
            Assert.That(timeline[1].TimeInState, Is.EqualTo(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(2)));
            Assert.That(timeline[1].Current, Is.True);
            Assert.That(timeline[1].Slowest, Is.True, "the stuck step stands out");
            Assert.That(timeline[0].Slowest, Is.False);
        });
    }

    [Test]
    public void A_clock_step_back_between_instances_reads_as_no_time()
    {
        var history = new[]
        {
            Transition(1, TimeSpan.FromSeconds(3), "Initial", "AwaitingPayment"),
            Transition(2, TimeSpan.Zero, "AwaitingPayment", "Rejected"),
        };

        var timeline = OrderTimeline.Of(history, Start.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(timeline[0].TimeInState, Is.EqualTo(TimeSpan.Zero));
            Assert.That(timeline.Any(e => e.Slowest), Is.False, "nothing stands out when nothing took time");
        });
    }

    [Test]
    public void No_history_makes_an_empty_timeline() => Assert.That(OrderTimeline.Of([], Start), Is.Empty);
}
