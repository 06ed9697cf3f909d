namespace Saga.Exploration.Tests.Schedules;

/// <summary>One step of a schedule; <see cref="Pick"/> chooses among the held (or faulted) messages, modulo their number.</summary>
public sealed record Step(StepKind Kind, int Pick)
{
    public override string ToString() => $"new(StepKind.{Kind}, {Pick})";
}
