using CsCheck;

namespace Saga.Exploration.Tests.Schedules;

/// <summary>Schedules to explore: mostly deliveries, with duplicates, faults, passed deadlines, cancellations and operator retries mixed in.</summary>
public static class ScheduleGenerator
{
    static readonly Gen<StepKind> Kinds = Gen.Frequency(
        (8, Gen.Const(StepKind.Deliver)),
        (1, Gen.Const(StepKind.DeliverTwice)),
        (1, Gen.Const(StepKind.DeliverCopy)),
        (1, Gen.Const(StepKind.Fault)),
        (1, Gen.Const(StepKind.Redeliver)),
        (1, Gen.Const(StepKind.PassStepDeadline)),
        (1, Gen.Const(StepKind.PassCompensationDeadline)),
        (1, Gen.Const(StepKind.PassDeadlineHeldUp)),
        (1, Gen.Const(StepKind.Cancel)),
        (1, Gen.Const(StepKind.RetryCompensation)));

    static readonly Gen<Step> Steps = Gen.Select(Kinds, Gen.Int[0, 3], (kind, pick) => new Step(kind, pick));

    // Mostly data that lets the order complete, so that the interesting interleavings happen late in the order too.
    static readonly Gen<OrderData> Data = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], Gen.Int[0, 5],
        (funded, stocked, served) => new OrderData(funded > 0, stocked > 0, served > 0));

    public static Gen<Schedule> Schedules { get; } = Gen.Select(Data, Steps.Array[0, 16], (data, steps) => new Schedule(data, steps));
}
