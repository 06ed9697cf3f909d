namespace Saga.SagaHarness.Chaos;

/// <summary>A fault injected while orders are in flight; each ends with the faulty part running again.</summary>
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
}
