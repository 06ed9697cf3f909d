using Saga.Contracts;

namespace Saga.Benchmarks.Sagas;

/// <summary>The <paramref name="Index"/>-th order of a run (warm-up included) and how it must end.</summary>
public sealed record PlannedOrder(int Index, SubmitOrder Order, ExpectedOutcome Outcome)
{
    public string ExpectedState => Outcome == ExpectedOutcome.Complete ? "Completed" : "Compensated";
}
