using Saga.SagaHarness.Services;

namespace Saga.SagaHarness.Chaos;

/// <summary>
/// One chaos run: the orders (a mix, hot-row orders, orders for an oversubscribed SKU, malformed messages), how long
/// their submission is spread over, the faults injected meanwhile (evenly spaced, in this order), how long the system
/// may take to settle afterwards, how many instances of each service run (and with what settings), and whether the
/// broker is to be one node or a cluster.
/// </summary>
public sealed record ChaosOptions
{
    /// <summary>Names the run's virtual host, broker user and databases: letters, digits and dashes.</summary>
    public string Name { get; init; } = "chaos";

    public int MixedOrders { get; init; } = 160;

    /// <summary>Orders of one customer for one SKU.</summary>
    public int HotOrders { get; init; } = 40;

    /// <summary>Orders of one unit each for a SKU with <see cref="ScarceStock"/> units.</summary>
    public int ScarceOrders { get; init; } = 100;

    public int ScarceStock { get; init; } = 60;

    /// <summary>
    /// Orders of <see cref="Saga.SagaHarness.Orders.ChaosWorkload.BlockedCustomer"/>; the services must be set to block that customer
    /// (<c>Participants:Payment:FraudCheck:BlockedCustomers</c>, see <see cref="BlockingFraudCheck"/>).
    /// </summary>
    public int BlockedOrders { get; init; }

    /// <summary>Messages that are not JSON, published to the orchestrator's exchange on purpose.</summary>
    public int Malformed { get; init; } = 3;

    /// <summary>Every order is published twice under different message ids; every Nth also a third time under its first copy's id.</summary>
    public int SameIdCopyEvery { get; init; } = 4;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<Fault> Faults { get; init; } = [];

    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long one publish may keep failing (the broker restarting) before the run gives up.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public int Seed { get; init; } = 12;

    /// <summary>Orchestrator instances, competing on one queue and one database.</summary>
    public int Orchestrators { get; init; } = 1;

    /// <summary>Participants processes (each hosting payment, inventory and shipping), competing on their queues and databases.</summary>
    public int ParticipantProcesses { get; init; } = 1;

    /// <summary>
    /// 0 for one broker node; otherwise a cluster of this many nodes. Whoever starts the broker reads it;
    /// <see cref="ChaosRun"/> refuses a broker that does not match.
    /// </summary>
    public int ClusterNodes { get; init; }

    /// <summary>Settings of the services on top of the harness's own (e.g. <c>Orchestrator:ConcurrencyMode</c>).</summary>
    public ServiceOverrides Services { get; init; } = ServiceOverrides.None;

    public int Orders => MixedOrders + HotOrders + ScarceOrders + BlockedOrders;

    /// <summary>The participants' setting that makes the fraud check fail <see cref="Saga.SagaHarness.Orders.ChaosWorkload.BlockedCustomer"/>'s orders.</summary>
    public static KeyValuePair<string, string?> BlockingFraudCheck { get; } =
        new("Participants:Payment:FraudCheck:BlockedCustomers:0", Saga.SagaHarness.Orders.ChaosWorkload.BlockedCustomer);
}
