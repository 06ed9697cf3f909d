using Npgsql;
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
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }
}
