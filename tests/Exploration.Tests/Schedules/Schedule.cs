namespace Saga.Exploration.Tests.Schedules;

/// <summary>
/// One explored run of an order: its data and the steps that decide what happens while it is in flight. Whatever is still
/// held after the steps is then delivered in arrival order, and passed deadlines and operator retries follow until the order settles.
/// </summary>
public sealed record Schedule(OrderData Data, IReadOnlyList<Step> Steps)
{
    /// <summary>Printed as C#, so that a failing schedule becomes a regular test by pasting it.</summary>
    public override string ToString() =>
        $"new Schedule({Data}, [{string.Join(", ", Steps)}])";
}
