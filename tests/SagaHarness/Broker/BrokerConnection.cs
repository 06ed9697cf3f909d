namespace Saga.SagaHarness.Broker;

/// <summary>
/// A client connection as the management API lists it: its name, the node it is connected to, its user, and the name the
/// client gave it (<c>client_properties.connection_name</c>; null when it gave none).
/// </summary>
public sealed record BrokerConnection(string Name, string Node, string User, string? ClientName);
