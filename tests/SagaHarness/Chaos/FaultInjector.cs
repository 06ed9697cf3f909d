using System.Diagnostics;
using Npgsql;
using Saga.SagaHarness.Books;
using Saga.SagaHarness.Broker;
using Saga.SagaHarness.Database;
using Saga.SagaHarness.Services;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Chaos;

/// <summary>
/// Injects one <see cref="Fault"/> at a time into one run's system and returns once the faulty part runs again (services:
/// their bus is connected), or, for a kill a later fault undoes, once the system carries on without it. Remembers what it
/// killed for that later fault.
/// </summary>
public sealed class FaultInjector(SagaSystem system, PostgreSqlTestCluster postgreSql)
{
    /// <summary>How long the services may take to be connected again after their node died.</summary>
    static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(90);

    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The short-lived connection a service opens to declare its queues before each bus connection: not the bus's.</summary>
    const string ProvisioningConnection = "saga-provisioning";

    RabbitMqTestNode? _killedNode;

    /// <summary>Injects <paramref name="fault"/> and says what it did.</summary>
    public async Task<string> InjectAsync(Fault fault, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case Fault.KillOrchestrator:
                await system.KillAndRestartAsync(orchestrators: true, participants: false, cancellationToken);
                return $"{system.Orchestrators.Count} orchestrator(s) killed and started again";
            case Fault.KillParticipants:
                await system.KillAndRestartAsync(orchestrators: false, participants: true, cancellationToken);
                return $"{system.ParticipantProcesses.Count} participants process(es) killed and started again";
            case Fault.KillBoth:
                await system.KillAndRestartAsync(orchestrators: true, participants: true, cancellationToken);
                return "every service process killed and started again";
            case Fault.RestartBrokerApplication:
                await system.Broker.FirstNode.RestartApplicationAsync(cancellationToken);
                return $"{system.Broker.FirstNode.NodeName}: stop_app, start_app";
            case Fault.RestartBrokerNode:
                await system.Broker.FirstNode.RestartNodeAsync(cancellationToken);
                return $"{system.Broker.FirstNode.NodeName} stopped and started";
            case Fault.RestartPostgreSql or Fault.CrashPostgreSql:
                await postgreSql.RestartAsync(immediate: fault == Fault.CrashPostgreSql, cancellationToken);
                // This process's pooled connections died with the server; the services find out on their own.
                NpgsqlConnection.ClearAllPools();
                return fault == Fault.CrashPostgreSql ? "pg_ctl restart -m immediate" : "pg_ctl restart -m fast";
            case Fault.KillOneOrchestrator:
                return $"{await system.KillOneOrchestratorAsync()} killed, {system.Orchestrators.Count} running";
            case Fault.StartKilledOrchestrator:
                return $"{await system.StartKilledOrchestratorAsync(cancellationToken)} started again";
            case Fault.UpgradeOrchestrators or Fault.KillAndUpgradeOrchestrators:
            {
                var inFlight = await InFlightAsync(cancellationToken);
                return $"{inFlight} in flight; " + await system.UpgradeOrchestratorsAsync(kill: fault == Fault.KillAndUpgradeOrchestrators, cancellationToken);
            }
            case Fault.StopOneOrchestrator:
            {
                var inFlight = await InFlightAsync(cancellationToken);
                return $"{inFlight} in flight; {await system.StopOneOrchestratorAsync()} stopped, {system.Orchestrators.Count} running";
            }
            case Fault.KillConnectedBrokerNode:
                return await KillConnectedBrokerNodeAsync(cancellationToken);
            case Fault.StartKilledBrokerNode:
                var node = _killedNode ?? throw new InvalidOperationException("no broker node was killed");
                await node.StartAgainAsync(cancellationToken);
                _killedNode = null;
                return $"{node.NodeName} back in the cluster";
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }

    /// <summary>The sagas not yet in a terminal state, per state: what a deploy step leaves to the next release.</summary>
    async Task<string> InFlightAsync(CancellationToken cancellationToken)
    {
        var states = (await Sql.QueryAsync(system.OrchestratorDatabase, "SELECT current_state, count(*)::int FROM order_sagas GROUP BY current_state",
                reader => (State: reader.GetString(0), Count: reader.GetInt32(1)), cancellationToken))
            .Where(x => !BookChecks.IsTerminal(x.State)).OrderBy(x => x.State, StringComparer.Ordinal).ToList();
        return $"{states.Sum(x => x.Count)} sagas" + (states.Count == 0 ? "" : $" ({string.Join(", ", states.Select(x => $"{x.Count} {x.State}"))})");
    }

    /// <summary>
    /// Finds the node holding most of the system's connections (services' and client's), as a node's management API lists
    /// them, kills it with SIGKILL, and waits (bounded) until as many new service connections are open on the other nodes
    /// as the services had on it: the failover, whose duration the fault's time is.
    /// </summary>
    async Task<string> KillConnectedBrokerNodeAsync(CancellationToken cancellationToken)
    {
        var broker = system.Broker;
        if (!broker.IsCluster)
            throw new InvalidOperationException("killing the connected node needs a cluster");
        if (_killedNode is not null)
            throw new InvalidOperationException($"{_killedNode.NodeName} is already down");

        var connections = await broker.Management.ConnectionsAsync(system.VirtualHost, cancellationToken);
        if (connections.Count == 0)
            throw new InvalidOperationException($"the broker lists no connection to {system.VirtualHost}");
        var busiest = connections.GroupBy(x => x.Node, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First();
        // The service connections the kill cuts; the others stay where they are.
        var services = busiest.Count(IsService);
        var before = connections.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        var victim = broker.NodeNamed(busiest.Key);

        var failover = Stopwatch.StartNew();
        await victim.KillAsync();
        _killedNode = victim;
        // When each service connection first showed up on another node: the spread says whether one service lagged.
        var reconnected = new Dictionary<string, (string Client, TimeSpan At)>(StringComparer.Ordinal);
        while (true)
        {
            try
            {
                foreach (var connection in (await broker.Management.ConnectionsAsync(system.VirtualHost, cancellationToken))
                         .Where(x => IsService(x) && x.Node != victim.NodeName && !before.Contains(x.Name)))
                    reconnected.TryAdd(connection.Name, (connection.ClientName ?? "unnamed", failover.Elapsed));
                if (reconnected.Count >= services)
                    break;
            }
            catch (HttpRequestException)
            {
                // The node answering management calls may be the one just killed, still listed as running for a moment.
            }

            if (failover.Elapsed >= FailoverTimeout)
                throw new TimeoutException($"{reconnected.Count} of the {services} service connections were back {FailoverTimeout.TotalSeconds:0} s after {victim.NodeName} was killed");
            await Task.Delay(PollInterval, cancellationToken);
        }

        var held = string.Join(", ", busiest.GroupBy(x => x.ClientName ?? "unnamed", StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        var timeline = string.Join(", ", reconnected.Values.OrderBy(x => x.At).Select(x => $"{x.Client} {x.At.TotalSeconds:0.0} s"));
        return $"{victim.NodeName} killed, holding {busiest.Count()} of the system's {connections.Count} connections ({held}); " +
               $"{reconnected.Count} service connections opened on the other nodes after {failover.Elapsed.TotalSeconds:0.0} s ({timeline})";
    }

    static bool IsService(BrokerConnection connection) =>
        connection.ClientName is not (SubmitOrderPublisher.ConnectionName or ProvisioningConnection);
}
