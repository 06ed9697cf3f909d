using Saga.Exploration.Tests.Harness;
using Saga.Exploration.Tests.Schedules;

namespace Saga.Exploration.Tests;

/// <summary>Schedules worth keeping: the basic paths, and every minimal schedule the exploration found failing.</summary>
public sealed class FoundScheduleTests : ExplorationFixture
{
    static readonly OrderData Good = new(Funded: true, Stocked: true, Served: true);

    [Test]
    public Task An_order_whose_replies_all_arrive_in_order_completes() => Explore(new Schedule(Good, []));

    [Test]
    public Task An_order_with_too_little_credit_is_compensated() => Explore(new Schedule(new(Funded: false, Stocked: true, Served: true), []));

    [Test]
    public Task An_order_to_a_country_not_served_is_compensated_after_its_payment_and_reservation() =>
        Explore(new Schedule(new(Funded: true, Stocked: true, Served: false), []));

    [Test]
    public Task An_order_cancelled_while_its_payment_is_in_flight_is_compensated_even_if_the_payment_arrives_after_the_refund() =>
        Explore(new Schedule(Good, [new(StepKind.Cancel, 0), new(StepKind.Deliver, 1), new(StepKind.Deliver, 0), new(StepKind.Deliver, 0)]));
}
