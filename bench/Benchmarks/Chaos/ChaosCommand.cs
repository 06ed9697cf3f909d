using System.Text.Json;
using Saga.SagaHarness.Chaos;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Chaos;

/// <summary>
/// <c>chaos</c>: the chaos tests' scenario, longer and heavier (<see cref="ChaosRun"/>): starts a private RabbitMQ node and
/// PostgreSQL cluster, runs the services as child processes, submits the orders while injecting the faults, waits until
/// the system settled and checks the books. Prints the run and every check, then one JSON line. Exit code 0 only if every
/// check passed.
/// </summary>
public static class ChaosCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(ChaosCommandOptions.Usage);
            return 0;
        }

        ChaosOptions options;
        try
        {
            options = ChaosCommandOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"chaos: {e.Message}");
            Console.Error.WriteLine(ChaosCommandOptions.Usage);
            return 2;
        }

        foreach (var assembly in new[] { SagaSystem.OrchestratorAssembly, SagaSystem.ParticipantsAssembly })
        {
            if (!File.Exists(ServiceProcess.AssemblyPath(assembly)))
            {
                Console.Error.WriteLine($"chaos: {assembly} is not next to the benchmark ({AppContext.BaseDirectory}); build bench/Benchmarks");
                return 2;
            }
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        Console.WriteLine(options.ClusterNodes > 0
            ? $"chaos: starting a private RabbitMQ cluster of {options.ClusterNodes} nodes and a PostgreSQL cluster"
            : "chaos: starting a private RabbitMQ node and PostgreSQL cluster");
        RabbitMqTestNode? rabbitMq = null;
        RabbitMqTestCluster? cluster = null;
        PostgreSqlTestCluster? postgreSql;
        if (options.ClusterNodes > 0)
            (cluster, postgreSql) = await PrivateServers.StartClusterAsync(options.ClusterNodes, PostgreSqlClusterOptions.Default, stop.Token);
        else
            (rabbitMq, postgreSql) = await PrivateServers.StartAsync(rabbitMq: true, postgreSql: true, stop.Token);
        try
        {
            using var broker = cluster is not null ? SagaBroker.Cluster(cluster) : SagaBroker.SingleNode(rabbitMq!);
            var result = await ChaosRun.RunAsync(broker, postgreSql!, options, line => Console.WriteLine($"chaos: {line}"), stop.Token);
            Console.WriteLine();
            Console.Write(result.Report());
            if (!result.Passed)
                Console.WriteLine("--- services' last lines\n" + result.ServiceOutput);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "chaos",
                orders = options.Orders,
                mixed = options.MixedOrders,
                hot = options.HotOrders,
                scarceOrders = options.ScarceOrders,
                scarceStock = options.ScarceStock,
                malformed = options.Malformed,
                orchestrators = options.Orchestrators,
                participantProcesses = options.ParticipantProcesses,
                clusterNodes = options.ClusterNodes,
                publishes = result.Publishes,
                publishRetries = result.PublishRetries,
                durationSeconds = options.Duration.TotalSeconds,
                submissionSeconds = Math.Round(result.Submission.TotalSeconds, 1),
                totalSeconds = Math.Round(result.Total.TotalSeconds, 1),
                faults = result.Faults.Select(x => new { fault = FaultNames.Of(x.Fault), atSeconds = Math.Round(x.At.TotalSeconds, 1), tookSeconds = Math.Round(x.Took.TotalSeconds, 1), detail = x.Detail }),
                sagas = result.Outcomes,
                passed = result.Passed,
                failed = result.Failed.Select(x => x.Name),
            }));
            return result.Passed ? 0 : 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("chaos: cancelled");
            return 130;
        }
        finally
        {
            await PrivateServers.StopAsync(rabbitMq, postgreSql);
            await PrivateServers.StopAsync(cluster, null);
        }
    }
}
