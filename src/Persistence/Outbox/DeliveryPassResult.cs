namespace Saga.Persistence.Outbox;

/// <summary>What one delivery pass did: batches it locked, messages the broker confirmed, batches that failed.</summary>
public readonly record struct DeliveryPassResult(int Batches, int Messages, int FailedBatches);
