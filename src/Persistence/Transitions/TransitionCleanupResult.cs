namespace Saga.Persistence.Transitions;

/// <summary>What one history cleanup pass did: rows deleted, statements run, and whether it stopped at its batch bound with more to delete.</summary>
public readonly record struct TransitionCleanupResult(int Deleted, int Batches, bool MoreLeft);
