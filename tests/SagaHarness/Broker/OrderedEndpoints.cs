using RabbitMQ.Client;

namespace Saga.SagaHarness.Broker;

/// <summary>
/// A cluster's endpoints tried in the order given, the first that answers taken: as the services' bus does, so the test
/// client connects where they do (and fails over with them) instead of where the client's default resolver's shuffle puts it.
/// </summary>
public sealed class OrderedEndpoints(IReadOnlyList<AmqpTcpEndpoint> endpoints) : IEndpointResolver
{
    public IEnumerable<AmqpTcpEndpoint> All() => endpoints;
}
