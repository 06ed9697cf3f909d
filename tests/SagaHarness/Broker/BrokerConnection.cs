namespace Saga.SagaHarness.Broker;

/// <summary>A client connection as the management API lists it: its name, the node it is connected to, and its user.</summary>
public sealed record BrokerConnection(string Name, string Node, string User);
