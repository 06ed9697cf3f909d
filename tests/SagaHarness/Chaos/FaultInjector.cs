using Npgsql;
using Saga.SagaHarness.Services;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Chaos;

/// <summary>Injects one <see cref="Fault"/> and returns once the faulty part runs again (services: their bus is connected).</summary>
public static class FaultInjector
{
    public static async Task InjectAsync(Fault fault, SagaSystem system, RabbitMqTestNode node, PostgreSqlTestCluster postgreSql,
        CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case Fault.KillOrchestrator:
                await system.KillAndRestartAsync(orchestrators: true, participants: false, cancellationToken);
                break;
            case Fault.KillParticipants:
                await system.KillAndRestartAsync(orchestrators: false, participants: true, cancellationToken);
                break;
            case Fault.KillBoth:
                await system.KillAndRestartAsync(orchestrators: true, participants: true, cancellationToken);
                break;
            case Fault.RestartBrokerApplication:
                await node.RestartApplicationAsync(cancellationToken);
                break;
            case Fault.RestartBrokerNode:
                await node.RestartNodeAsync(cancellationToken);
                break;
            case Fault.RestartPostgreSql or Fault.CrashPostgreSql:
                await postgreSql.RestartAsync(immediate: fault == Fault.CrashPostgreSql, cancellationToken);
                // This process's pooled connections died with the server; the services find out on their own.
                NpgsqlConnection.ClearAllPools();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }
}
