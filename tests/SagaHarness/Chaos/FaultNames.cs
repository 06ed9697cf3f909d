namespace Saga.SagaHarness.Chaos;

/// <summary>The faults' names on a command line and in reports.</summary>
public static class FaultNames
{
    static readonly Dictionary<Fault, string> Names = new()
    {
        [Fault.KillOrchestrator] = "kill-orchestrator",
        [Fault.KillParticipants] = "kill-participants",
        [Fault.KillBoth] = "kill-both",
        [Fault.RestartBrokerApplication] = "restart-broker-app",
        [Fault.RestartBrokerNode] = "restart-broker-node",
        [Fault.RestartPostgreSql] = "restart-postgresql",
        [Fault.CrashPostgreSql] = "crash-postgresql",
        [Fault.KillConnectedBrokerNode] = "kill-connected-broker-node",
        [Fault.StartKilledBrokerNode] = "start-killed-broker-node",
        [Fault.KillOneOrchestrator] = "kill-one-orchestrator",
        [Fault.StartKilledOrchestrator] = "start-killed-orchestrator",
        [Fault.UpgradeOrchestrators] = "upgrade-orchestrators",
        [Fault.KillAndUpgradeOrchestrators] = "kill-and-upgrade-orchestrators",
        [Fault.StopOneOrchestrator] = "stop-one-orchestrator",
    };

    public static IReadOnlyCollection<string> All => Names.Values;

    public static string Of(Fault fault) => Names[fault];

    public static Fault Parse(string name) =>
        Names.FirstOrDefault(x => x.Value == name) is { Value: not null } found
            ? found.Key
            : throw new ArgumentException($"unknown fault '{name}' (known: {string.Join(", ", Names.Values)})");
}
