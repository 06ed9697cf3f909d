using Saga.SagaHarness.Chaos;
using Saga.SagaHarness.Services;

namespace Saga.Chaos.Tests.Cluster;

/// <summary>
/// Three orchestrators and two participants processes, on a 3-node cluster with quorum queues, with a few hundred orders
/// in flight: the broker node they are connected to is killed (SIGKILL), then one orchestrator; the orchestrator starts
/// again while that node is still down (so it connects past it), then the node. The services and the client fail over to
/// the surviving nodes, the other orchestrators carry on, and every order ends as
/// its data dictates with each effect once, nothing lost, dead-lettered or left in a queue, and no step timed out. Once
/// per saga concurrency mode: optimistic (version token) and pessimistic (row locks) across processes.
/// </summary>
[NonParallelizable]
public sealed class ClusterFailoverTests
{
    [TestCase("Optimistic")]
    [TestCase("Pessimistic")]
    public async Task Orders_in_flight_when_the_connected_broker_node_and_one_orchestrator_are_killed_end_as_their_data_dictates_with_every_effect_once(
        string concurrencyMode) =>
        ChaosScenario.AssertBooksBalance(await ChaosScenario.RunAsync(ClusterServers.Broker, ChaosScenario.Suite with
        {
            Name = $"cluster-{concurrencyMode.ToLowerInvariant()}",
            Duration = TimeSpan.FromSeconds(30),
            ClusterNodes = ClusterServers.Nodes,
            Orchestrators = 3,
            ParticipantProcesses = 2,
            Faults = [Fault.KillConnectedBrokerNode, Fault.KillOneOrchestrator, Fault.StartKilledOrchestrator, Fault.StartKilledBrokerNode],
            Services = new ServiceOverrides { Settings = new Dictionary<string, string?> { ["Orchestrator:ConcurrencyMode"] = concurrencyMode } },
        }));
}
