namespace Saga.Operations.Sagas;

/// <summary>Orders in <see cref="State"/> without a transition since before the cut-off, and the oldest last change among them.</summary>
public sealed record StuckStateCount(string State, long Count, DateTime OldestUpdatedAt);
