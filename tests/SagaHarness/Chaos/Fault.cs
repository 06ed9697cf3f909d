namespace Saga.SagaHarness.Chaos;

/// <summary>
/// A fault injected while orders are in flight; each ends with the faulty part running again, except the kills that a
/// later fault undoes (<see cref="KillConnectedBrokerNode"/> and <see cref="StartKilledBrokerNode"/>,
/// <see cref="KillOneOrchestrator"/> and <see cref="StartKilledOrchestrator"/>).
/// </summary>
public enum Fault
{
    /// <summary>The orchestrator process gets SIGKILL and is started again.</summary>
    KillOrchestrator,

    /// <summary>The participants process gets SIGKILL and is started again.</summary>
    KillParticipants,

    /// <summary>Both service processes get SIGKILL at once and are started again.</summary>
    KillBoth,

    /// <summary>The broker's application restarts inside its Erlang VM (<c>rabbitmqctl stop_app</c>, <c>start_app</c>).</summary>
    RestartBrokerApplication,

    /// <summary>The whole broker node stops (the VM halts) and starts again.</summary>
    RestartBrokerNode,

    /// <summary>PostgreSQL restarts cleanly (<c>pg_ctl restart -m fast</c>): every session ends.</summary>
    RestartPostgreSql,

    /// <summary>PostgreSQL's processes are killed on the spot (<c>pg_ctl restart -m immediate</c>) and it recovers from its WAL.</summary>
    CrashPostgreSql,

    /// <summary>
    /// On a cluster: the node holding most of the system's connections (as a surviving node's management API lists them)
    /// gets SIGKILL; over once the services' and the client's connections are back, on the other nodes.
    /// </summary>
    KillConnectedBrokerNode,

    /// <summary>The node <see cref="KillConnectedBrokerNode"/> killed starts again and rejoins the cluster.</summary>
    StartKilledBrokerNode,

    /// <summary>One of several orchestrator instances gets SIGKILL; the others keep running.</summary>
    KillOneOrchestrator,

    /// <summary>The orchestrator instance <see cref="KillOneOrchestrator"/> killed starts again under its name.</summary>
    StartKilledOrchestrator,

    /// <summary>
    /// A deploy rather than a fault: every orchestrator instance, one after the other, stopped gracefully (SIGTERM) and
    /// started again as the upgraded release (<see cref="Services.ServiceOverrides.UpgradedOrchestrator"/>).
    /// </summary>
    UpgradeOrchestrators,

    /// <summary>As <see cref="UpgradeOrchestrators"/>, each instance killed with SIGKILL instead of stopped.</summary>
    KillAndUpgradeOrchestrators,

    /// <summary>A deploy retiring an old instance: the first orchestrator instance stopped gracefully for good, the others running on.</summary>
    StopOneOrchestrator,
}
