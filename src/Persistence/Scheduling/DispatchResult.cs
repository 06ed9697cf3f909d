namespace Saga.Persistence.Scheduling;

/// <summary>What one scheduler pass did: messages moved to the outbox, and when the earliest remaining one is due.</summary>
public readonly record struct DispatchResult(int Moved, DateTime? NextDueAt);
