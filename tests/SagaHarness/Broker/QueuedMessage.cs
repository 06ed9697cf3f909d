namespace Saga.SagaHarness.Broker;

/// <summary>A message seen in a queue: its message id, and the fault MassTransit recorded when it moved it to an error queue.</summary>
public sealed record QueuedMessage(Guid? MessageId, string? Fault);
