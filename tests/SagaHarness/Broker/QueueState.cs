namespace Saga.SagaHarness.Broker;

/// <summary>A queue as <c>rabbitmqctl list_queues</c> shows it: its name, type (<c>classic</c>, <c>quorum</c>) and messages waiting.</summary>
public sealed record QueueState(string Name, string Type, long Messages);
