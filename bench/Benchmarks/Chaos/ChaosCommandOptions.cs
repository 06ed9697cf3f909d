using System.Globalization;
using Saga.SagaHarness.Chaos;

namespace Saga.Benchmarks.Chaos;

/// <summary>Parses the <c>chaos</c> command's options into a <see cref="ChaosOptions"/>: the chaos tests' scenario, longer and heavier.</summary>
public static class ChaosCommandOptions
{
    /// <summary>
    /// Every fault, the broker's last: a broker restart takes tens of seconds on a loaded machine and holds back the faults
    /// after it, which would then find fewer orders in flight.
    /// </summary>
    static readonly Fault[] DefaultFaults =
    [
        Fault.KillOrchestrator, Fault.KillParticipants, Fault.KillBoth, Fault.RestartPostgreSql, Fault.CrashPostgreSql,
        Fault.RestartBrokerApplication, Fault.RestartBrokerNode,
    ];

    public static string Usage =>
        $"""
        chaos: orders in flight through the real orchestrator and participants (child processes, RabbitMQ, PostgreSQL) while
        faults are injected; then the books are checked. Every order is published twice under different message ids.

          --orders N             mixed orders: most complete, some fail at payment, inventory or shipping, some are rejected (default 2000)
          --hot N                orders of one customer for one SKU (default 300)
          --scarce-orders N      orders of one unit for a SKU with --scarce-stock units (default 500)
          --scarce-stock N       units of that SKU (default 300)
          --malformed N          messages that are not JSON, sent on purpose (default 10)
          --faults LIST          comma-separated, in order, or none (default all, the broker's last): {string.Join(",", DefaultFaults.Select(FaultNames.Of))}
          --rounds N             the fault list is injected N times over (default 2)
          --duration SECONDS     the orders' submission and the faults are spread over this long (default 300)
          --settle-timeout SECONDS  how long the system may take to settle afterwards (default 300)
          --seed N               the orders' interleaving (default 12)
          --orchestrators N      orchestrator instances on one queue and database (default 1)
          --participant-processes N  participants processes (default 1)
          --cluster-nodes N      a RabbitMQ cluster of N nodes (services and client get every node, quorum queues) instead of one node;
                                 with it the faults kill-connected-broker-node,start-killed-broker-node apply (default 0: one node)
        """;

    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ChaosOptions
        {
            Name = "chaos-bench",
            MixedOrders = 2000,
            HotOrders = 300,
            ScarceOrders = 500,
            ScarceStock = 300,
            Malformed = 10,
            Duration = TimeSpan.FromSeconds(300),
            SettleTimeout = TimeSpan.FromSeconds(300),
        };
        IReadOnlyList<Fault> faults = DefaultFaults;
        var rounds = 2;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");

            switch (name)
            {
                case "--orders": options = options with { MixedOrders = Whole(name, Value(), 0) }; break;
                case "--hot": options = options with { HotOrders = Whole(name, Value(), 0) }; break;
                case "--scarce-orders": options = options with { ScarceOrders = Whole(name, Value(), 0) }; break;
                case "--scarce-stock": options = options with { ScarceStock = Whole(name, Value(), 0) }; break;
                case "--malformed": options = options with { Malformed = Whole(name, Value(), 0) }; break;
                case "--faults":
                    var list = Value();
                    faults = list is "none" or "" ? [] : list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(FaultNames.Parse).ToList();
                    break;
                case "--rounds": rounds = Whole(name, Value(), 1); break;
                case "--duration": options = options with { Duration = TimeSpan.FromSeconds(Whole(name, Value(), 1)) }; break;
                case "--settle-timeout": options = options with { SettleTimeout = TimeSpan.FromSeconds(Whole(name, Value(), 1)) }; break;
                case "--seed": options = options with { Seed = Whole(name, Value(), 0) }; break;
                case "--orchestrators": options = options with { Orchestrators = Whole(name, Value(), 1) }; break;
                case "--participant-processes": options = options with { ParticipantProcesses = Whole(name, Value(), 1) }; break;
                case "--cluster-nodes": options = options with { ClusterNodes = Whole(name, Value(), 0) }; break;
                default: throw new ArgumentException($"unknown option '{name}'");
            }
        }

        if (options.Orders == 0)
            throw new ArgumentException("no orders: give --orders, --hot or --scarce-orders a number above zero");
        return options with { Faults = Enumerable.Repeat(faults, rounds).SelectMany(x => x).ToList() };
    }

    static int Whole(string name, string value, int least) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= least
            ? number
            : throw new ArgumentException($"{name} must be a whole number of at least {least}, not '{value}'");
}
